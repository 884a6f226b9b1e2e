// The baseline: express with nothing but res.json of the same body the backend returned.
const fs = require('node:fs');
const express = require('express');

const [port, file, status] = process.argv.slice(2);
const body = JSON.parse(fs.readFileSync(file, 'utf8'));
const app = express();
app.use(express.json({ limit: '256kb' }));
app.all('*', (_req, res) => res.status(Number(status)).json(body));
app.listen(Number(port), () => process.send?.('ready'));
process.on('SIGTERM', () => process.exit(0));
