/** E-mail addresses compare without regard to case or surrounding blanks, everywhere in flowc. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function sameEmail(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && emailKey(a) === emailKey(b);
}
