// Runs before `npm run dev` and `npm test` (predev, pretest) on whatever Node.js is
// installed, so it stays plain old JavaScript: an old Node gets one line, not a stack trace
// from a dependency that needs a newer one.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(`Node.js ${process.versions.node} is too old: Rekomi needs Node.js 22 or newer (https://nodejs.org, or \`nvm install 22\`).`);
  process.exit(1);
}
