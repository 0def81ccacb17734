
// src/config/remoteUrl.ts
import path from "node:path";
function remoteKind(remote) {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return "url";
  if (remote.startsWith("[")) return /^\[[^\]]+\]:/.test(remote) ? "scp" : "local";
  const colon = remote.indexOf(":");
  const slash = remote.indexOf("/");
  if (colon <= 0 || slash >= 0 && slash < colon) return "local";
  if (process.platform === "win32" && colon === 1) return "local";
  return "scp";
}
function normalizeRemote(remote) {
  if (remoteKind(remote) !== "local" || remote.startsWith("~")) return remote;
  return path.resolve(remote);
}
function sshTarget(remote) {
  if (remoteKind(remote) === "scp") {
    const m2 = /^(?:[^@[\]]*@)?(\[[^\]]+\]|[^:]+):/.exec(remote);
    if (!m2) return null;
    const hp = m2[1].startsWith("[") ? /^\[(.*):(\d+)\]$/.exec(m2[1]) : null;
    return hp ? { host: hp[1], port: Number(hp[2]) } : { host: m2[1].replace(/^\[|\]$/g, ""), port: null };
  }
  const m = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\//i.exec(remote);
  return m ? { host: m[1].replace(/^\[|\]$/g, ""), port: m[2] ? Number(m[2]) : null } : null;
}

export {
  remoteKind,
  normalizeRemote,
  sshTarget
};
