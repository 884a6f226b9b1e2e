// The upstream of the proxy case: plain node http answering a 1 KiB JSON body on any path.
const http = require('node:http');

const body = JSON.stringify({
  data: Array.from({ length: 16 }, (_, i) => ({
    id: i,
    name: `model-${i}`,
    owner: 'bench',
  })),
  pad: 'x'.repeat(200),
});
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () =>
  process.send?.({ ready: true, port: server.address().port }),
);
process.on('SIGTERM', () => process.exit(0));
