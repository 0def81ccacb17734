// Preloaded with `node --require` (NODE_OPTIONS) in a hook under test: writes the Node builtins the
// process loaded to $MEMSYNC_TEST_BUILTINS as it exits.
const fs = require('node:fs');

process.on('exit', () => {
  const file = process.env.MEMSYNC_TEST_BUILTINS;
  if (file) fs.writeFileSync(file, process.moduleLoadList.join('\n'));
});
