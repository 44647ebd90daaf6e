import { describe, expect, it } from 'vitest';
import { lookupAction } from '../src/catalog/actions.js';

/**
 * What the actions-reference pages N–Z (data/pad-actions/reference/, issue #16) bring to the
 * generated catalog: documentation links, required arguments, and the actions no script in the
 * repository shows, known by their anchor.
 */
const LEARN = 'https://learn.microsoft.com/en-us/power-automate/desktop-flows/actions-reference/';

function required(name: string): string[] {
  return (lookupAction(name)?.params ?? [])
    .filter((p) => p.required)
    .map((p) => p.name)
    .sort();
}

describe('actions reference pages N–Z', () => {
  it('gives the documented required arguments of actions real scripts use', () => {
    // "Desktop flow" names FlowId only by a shared word: labelled, not required (a guess is no
    // ground for an error).
    expect(lookupAction('External.RunFlow')?.params.find((p) => p.name === 'FlowId')).toMatchObject({ label: 'Desktop flow' });
    expect(required('External.RunFlow')).not.toContain('FlowId');
    expect(lookupAction('External.RunFlow')?.doc).toBe(`${LEARN}runflow#runflow`);
    expect(required('Scripting.RunDosCommand.RunDOSCommandAndFailOnTimeout')).toContain('DOSCommandOrApplication');
    // Status ("Optional: No", default Processed) and Priority (default Normal) have a default
    // value: PAD fills them when a script leaves them out.
    expect(required('WorkQueues.UpdateWorkQueueItem.UpdateWithProcessingNotes')).toEqual(['WorkQueueItem']);
    expect(required('WorkQueues.EnqueueWorkQueueItem.WithoutUniqueId')).toEqual(['Name', 'WorkQueue']);
    expect(required('Outlook.SendEmailThroughOutlook.SendEmail')).toEqual(expect.arrayContaining(['Account', 'Instance']));
    expect(required('Workstation.TakeScreenshot.TakeScreenshotOfPrimaryScreenAndSaveToFile')).toContain('File');
    expect(required('Pdf.ExtractTextFromPDF.ExtractText')).toContain('PDFFile');
    expect(required('Pdf.MergeFiles')).toEqual(['MergedPDFPath', 'PDFFiles']);
    expect(lookupAction('Pdf.MergeFiles')?.doc).toBe(`${LEARN}pdf#mergefiles`);
  });

  it('links a documented …action anchor to the script action whose name ends in Action', () => {
    const trigger = lookupAction('Triggers.WaitForTriggerAction.WaitForTriggerAction');
    expect(trigger?.doc).toBe(`${LEARN}triggers#waitfortriggeraction`);
    expect(trigger?.title).toBe('UI element event trigger');
    expect(lookupAction('Triggers.waitfortrigger')).toBeUndefined();
  });

  it('knows the documented actions no script shows, by their anchor', () => {
    // Extract text from PDF is now shown by a designer-written script (PacktPublishing's invoice
    // project): known by its script name, with the script's output name (the docs give the
    // default variable, ExtractedPDFText), and still linked to its documentation.
    expect(lookupAction('Pdf.ExtractTextFromPDF')).toMatchObject({ name: 'Pdf.ExtractTextFromPDF.ExtractText', doc: `${LEARN}pdf#extracttextfrompdfaction` });
    expect(lookupAction('Pdf.ExtractTextFromPDF')?.outputs.map((o) => o.name)).toEqual(['ExtractedText']);
    expect(lookupAction('Pdf.ExtractTablesFromPDF')?.outputs.map((o) => o.name)).toEqual(['ExtractedPDFTables']);
    expect(lookupAction('PowerAutomateSecretVariables.GetCredential')?.outputs.map((o) => o.name)).toEqual(['Credential']);
    expect(lookupAction('PowerAutomateEnvironment.RetrieveEnvironmentVariable')?.outputs.map((o) => o.name)).toEqual(['EnvironmentVariableValue']);
    expect(lookupAction('TerminalEmulation.GetTextFromTerminalSession')?.outputs.map((o) => o.name)).toEqual(['TerminalText']);
    // Get screen resolution is now shown by a designer-written script too (t0k6's Main.txt, read as
    // Shift_JIS): its outputs are the four the docs name, listed as observed (sorted).
    expect(lookupAction('Workstation.GetScreenResolution')?.outputs.map((o) => o.name)).toEqual([
      'MonitorBitCount',
      'MonitorFrequency',
      'MonitorHeight',
      'MonitorWidth',
    ]);
    expect(lookupAction('OCR.WaitTextOnScreen')?.nameFromDocs).toBe(true);
    expect(lookupAction('WorkQueues.GetWorkQueueItems')?.doc).toBe(`${LEARN}workqueues#getworkqueueitemsaction`);
    // "transaction" is no …action suffix.
    expect(lookupAction('SAP.EndTransaction')?.doc).toBe(`${LEARN}sap#endtransaction`);
    expect(lookupAction('Scripting.RunPythonScript')?.outputs.map((o) => o.name)).toEqual(['PythonScriptOutput', 'ScriptError']);
    // Documented actions carry no invented argument names.
    expect(lookupAction('PGP.PgpEncryptFile')?.params).toEqual([]);
  });
});
