// Preloaded into the backend by `npm run bench -- --profile`: the first SIGUSR2
// starts the CPU profiler, the next writes the profile to $PROF_DIR/p<n>.cpuprofile,
// so each case is profiled alone without restarting the backend.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.PROF_DIR;
fs.mkdirSync(dir, { recursive: true });
const session = new inspector.Session();
session.connect();
let running = false;
let written = 0;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 250 }, () =>
        session.post('Profiler.start', () =>
          fs.writeFileSync(path.join(dir, 'started'), ''),
        ),
      ),
    );
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    running = false;
    if (error) return;
    const file = path.join(dir, `p${written++}.cpuprofile`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
    fs.renameSync(`${file}.tmp`, file);
  });
});
