// A plain Node process exporting prom-client's default metrics on 127.0.0.1:<PORT>/metrics (PORT from the
// environment, 0 picks one; the chosen port is printed as `listening <port>`). It allocates a little so the
// GC histogram has observations, as any real service would.
const http = require('node:http');
const client = require('prom-client');

client.collectDefaultMetrics();
let garbage = [];
setInterval(() => {
  garbage = Array.from({ length: 20000 }, (_, i) => ({ i, s: `item-${i}` }));
}, 50).unref();

const server = http.createServer(async (req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': client.register.contentType });
  res.end(await client.register.metrics());
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
