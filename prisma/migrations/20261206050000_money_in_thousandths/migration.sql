-- Money in each currency's own unit (issue 28). Every amount was integer cents, whatever its
-- currency; a yen has no cents and a Kuwaiti dinar has three decimals. Amounts are now integer
-- thousandths of a major unit for every currency (src/domain/money.ts): the finest unit ISO 4217
-- gives a brand's currency is the thousandth, so one scale holds them all, and every amount
-- recorded in cents keeps its value exactly (× 10: 25.50 was 2550 cents, it is 25500
-- thousandths; ¥8,098.97 stays ¥8,098.97, finer than a yen, and `budget verify` lists it).
--
-- A stop-the-world change: stop every older process before it runs. An older build would read
-- and write thousandths as cents; its spends are refused rather than misread (record_spends takes
-- new arguments: prisma/functions/70_ledger.sql), but its budgets would not be.

-- The input range: ±9,999,999,999 major units and their fraction (sums may exceed it).
alter domain money_cents drop constraint money_cents_check;
alter domain money_cents rename to money_thousandths;

update brands set daily_budget = daily_budget * 10, monthly_budget = monthly_budget * 10
 where daily_budget is not null or monthly_budget is not null;

-- The ledger is append-only (spends_immutable refuses any change of amount): this one rewrite of
-- its unit is not a change of any value.
alter table spends disable trigger spends_immutable;
update spends set amount = amount * 10;
alter table spends enable trigger spends_immutable;

update brand_daily_spends set amount = amount * 10, monthly_amount = monthly_amount * 10;
update campaign_daily_spends set amount = amount * 10, monthly_amount = monthly_amount * 10;

alter domain money_thousandths add constraint money_thousandths_range
  check (value between -9999999999999 and 9999999999999);

-- An alert keeps its currency beside its budget (the brand may be gone: alerts have no foreign
-- key); XXX, ISO 4217's "no currency", for an alert whose brand was deleted before this: its
-- amounts were cents, written with two decimals as before.
update budget_alerts set budget = budget * 10, spent = spent * 10;
alter table budget_alerts add column currency char(3);
update budget_alerts a set currency = coalesce((select b.currency from brands b where b.id = a.brand_id), 'XXX');
alter table budget_alerts alter column currency set not null;
