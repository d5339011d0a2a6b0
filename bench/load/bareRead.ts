// The `read` reference, in its own process: a bare node:http handler answering the dashboard
// overview's JSON (50 brands, their day's and month's spend, 10 campaigns each) from one
// hand-written SQL query over the same functions the service uses.
import { createServer } from 'node:http';
import pg from 'pg';

const [url, port] = [process.argv[2]!, Number(process.argv[3])];
const pool = new pg.Pool({ connectionString: url, max: 10 });
const SQL = `
  select json_agg(json_build_object('id', b.id, 'name', b.name, 'dailyBudget', b.daily_budget, 'dailySpend', t.daily,
           'monthlySpend', t.monthly, 'campaigns', (
             select json_agg(json_build_object('id', c.id, 'name', c.name, 'status', c.status, 'pauseReason', c.pause_reason))
               from (select * from campaigns c where c.brand_id = b.id and c.archived_at is null order by c.name, c.id limit 10) c))
         order by b.name) as brands
    from (select * from brands order by name, id limit 50) b
    join brand_spend_totals(now(), null) t on t.brand_id = b.id`;
createServer((req, res) => {
  req.resume().on('end', () => {
    pool.query(SQL).then(
      (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: r.rows[0] })),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
