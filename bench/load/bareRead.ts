// The `read` reference, in its own process: a bare node:http handler answering the dashboard
// overview's JSON (50 brands, their day's and month's spend, 10 campaigns each) from one
// hand-written SQL query over the same functions the service uses.
import { createServer } from 'node:http';
import pg from 'pg';

const [url, port] = [process.argv[2]!, Number(process.argv[3])];
const pool = new pg.Pool({ connectionString: url, max: 10 });
// The same figures as the service's answer: the page's brands, their totals, ten campaigns each
// with theirs (periods from the same SQL functions).
const SQL = `
  with b as (select * from brands order by name, id limit 50),
  bt as (select * from brand_spend_totals(now(), (select array_agg(id) from b))),
  c as (
    select *
      from (select c.*, row_number() over (partition by c.brand_id order by c.id) as n
              from campaigns c
             where c.brand_id in (select id from b) and c.archived_at is null) c
     where n <= 10
  ),
  ct as (select * from campaign_spend_totals(now(), (select array_agg(id) from c)))
  select json_agg(json_build_object(
           'id', b.id, 'name', b.name, 'dailyBudget', b.daily_budget, 'dailySpend', bt.daily,
           'dailyRemaining', b.daily_budget - bt.daily, 'monthlySpend', bt.monthly,
           'campaigns', (select json_agg(json_build_object('id', c.id, 'name', c.name, 'status', c.status,
                                                           'pauseReason', c.pause_reason, 'dailySpend', ct.daily) order by c.id)
                           from c join ct on ct.campaign_id = c.id
                          where c.brand_id = b.id))
         order by b.name, b.id) as brands
    from b join bt on bt.brand_id = b.id`;
createServer((req, res) => {
  req.resume().on('end', () => {
    pool.query(SQL).then(
      (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: r.rows[0] })),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
