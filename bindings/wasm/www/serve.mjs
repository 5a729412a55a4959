// A tiny static server for the estimator page: serves bindings/wasm (the page in www/, the
// package's web.mjs, js/ and pkg/web/) on 127.0.0.1. Nothing else; no dependencies.
//
//   node www/serve.mjs [PORT]        (default 8080; 0 picks a free port)
//   open http://127.0.0.1:8080/
//
// It prints the page's URL on its first line of output (the browser test reads it).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};
// Only what the page needs is reachable.
const allowed = ['www/', 'pkg/web/', 'js/', 'web.mjs'];

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  if (path === '' || path === 'www') {
    res.writeHead(302, { location: '/www/' });
    res.end();
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  const inside = file.startsWith(root.endsWith(sep) ? root : root + sep);
  if (req.method !== 'GET' || !inside || !allowed.some((a) => path === a || path.startsWith(a))) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  }
});

server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`http://127.0.0.1:${actual}/www/`);
});
