/**
 * Hides the secret part of URLs in text meant for people (output, logs, errors, commit messages):
 * `https://me:hunter2@host/x` -> `https://me:***@host/x`, and a token given as the user alone
 * (`https://ghp_abc...@github.com/x`) -> `https://***@github.com/x`. Every place output goes
 * passes through this one function.
 */
export function maskSecrets(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"]*)@/gi, (whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:***@`;
    // A user name this long and random is a token (GitHub and GitLab accept one there).
    return userinfo.length >= 20 && /\d/.test(userinfo) ? `${scheme}***@` : whole;
  });
}
