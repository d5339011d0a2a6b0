-- Names in Unicode's composed form (NFC), as the API stores them since it normalises text on input
-- ("Café" typed as e + U+0301 is the same name as "Café"). A name written before in another form
-- takes its composed form, so a name's uniqueness holds between its spellings; each rename is an
-- audit entry (actor "system", the name before and after). A row whose composed name another row
-- already holds keeps its spelling: two rows cannot share a name, and which to rename is an
-- operator's choice. Unicode normalisation needs a UTF-8 database (a database in another encoding
-- never held such names through this API's checks).
do $$
begin
  if current_setting('server_encoding') <> 'UTF8' then
    return;
  end if;

  with renamed as (
    update brands b set name = r.nfc
      from (select id, name, normalize(name, NFC) as nfc,
                   row_number() over (partition by normalize(name, NFC) order by created_at, id) as n
              from brands where name is not NFC normalized) r
     where b.id = r.id and r.n = 1 and not exists (select 1 from brands o where o.name = r.nfc)
    returning b.id, r.name as before, r.nfc as after)
  insert into audit_entries (actor, action, target_type, target_id, brand_id, before, after)
  select 'system', 'brand.update', 'Brand', id::text, id, jsonb_build_object('name', before), jsonb_build_object('name', after)
    from renamed;

  with renamed as (
    update campaigns c set name = r.nfc
      from (select id, brand_id, name, normalize(name, NFC) as nfc,
                   row_number() over (partition by brand_id, normalize(name, NFC) order by created_at, id) as n
              from campaigns where name is not NFC normalized) r
     where c.id = r.id and r.n = 1
       and not exists (select 1 from campaigns o where o.brand_id = r.brand_id and o.name = r.nfc)
    returning c.id, c.brand_id, r.name as before, r.nfc as after)
  insert into audit_entries (actor, action, target_type, target_id, brand_id, before, after)
  select 'system', 'campaign.update', 'Campaign', id::text, brand_id, jsonb_build_object('name', before), jsonb_build_object('name', after)
    from renamed;

  with renamed as (
    update api_keys k set name = r.nfc
      from (select id, name, normalize(name, NFC) as nfc,
                   row_number() over (partition by normalize(name, NFC) order by created_at, id) as n
              from api_keys where name is not NFC normalized) r
     where k.id = r.id and r.n = 1 and not exists (select 1 from api_keys o where o.name = r.nfc)
    returning k.id, r.name as before, r.nfc as after)
  insert into audit_entries (actor, action, target_type, target_id, before, after)
  select 'system', 'key.update', 'ApiKey', id::text, jsonb_build_object('name', before), jsonb_build_object('name', after)
    from renamed;
end
$$;
