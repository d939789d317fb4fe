// Preloaded into a bench's API process (NODE_OPTIONS=--require …; node
// refuses --cpu-prof there): V8-profiles the whole process and writes a
// .cpuprofile (open in Chrome DevTools or speedscope) to CPU_PROFILE_DIR when
// it exits. The inspector session is on the same thread, so stopping the
// profiler answers synchronously, in time for the 'exit' event.
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, `api-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
}
