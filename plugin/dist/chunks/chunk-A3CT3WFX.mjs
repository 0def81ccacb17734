
// src/util/maskUrl.ts
function maskSecrets(text) {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"]*)@/gi, (whole, scheme, userinfo) => {
    const colon = userinfo.indexOf(":");
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:***@`;
    return userinfo.length >= 20 && /\d/.test(userinfo) ? `${scheme}***@` : whole;
  });
}

export {
  maskSecrets
};
