
// src/config/remoteForm.ts
var REMOTE_FORM = 'a git URL or a local path, not starting with "-" (https://host/path, ssh://user@host/path, git@host:path, file:///path, /srv/memory.git)';
var SCHEMES = /* @__PURE__ */ new Set(["https:", "http:", "ssh:", "git:", "file:"]);
function remoteProblem(remote) {
  if (remote.trim() === "") return "it is empty";
  if (/[\x00-\x1f\x7f]/.test(remote)) return "it holds a control character";
  if (remote.startsWith("-")) return 'it starts with "-", which git would read as an option';
  const helper = /^[A-Za-z][A-Za-z0-9+.-]*::/.test(remote);
  if (helper) return "it names a git remote helper (<transport>::), which memsync does not use";
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(remote);
  if (scheme) {
    let url;
    try {
      url = new URL(remote);
    } catch {
      return "it is not a valid URL";
    }
    if (!SCHEMES.has(url.protocol)) return `its scheme ${url.protocol.slice(0, -1)} is not one git fetches over here`;
    if (url.protocol !== "file:" && !url.hostname) return "it has no host";
    if (url.pathname === "" || url.pathname === "/") return "it has no repository path";
    return null;
  }
  const scp = /^([^/@:]+@)?([^/:]+):(.*)$/.exec(remote);
  if (scp && remote.includes("@") && !scp[3]) return 'it has no repository path after ":"';
  return null;
}

export {
  REMOTE_FORM,
  remoteProblem
};
