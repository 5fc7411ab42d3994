-- Elections from data/reference/elections.csv, with their watch windows
-- (watch_days_before before the first voting day to watch_days_after after the last);
-- a vote whose last day is before `today` counts as held.
delete from election;
insert into election
select election_id, country, level, election_type, body_en, body_fr,
       date_start::date, date_end::date, round::integer,
       case when status in ('confirmed', 'date-not-confirmed') and date_end::date < getvariable('today')
            then 'held' else status end,
       date_start::date - getvariable('watch_days_before'),
       date_end::date + getvariable('watch_days_after'),
       nullif(protecting_body_en, ''), nullif(protecting_body_fr, ''), nullif(source, ''),
       'CLEAR', 'CLEAR', 'CU', [], false, getvariable('loaded_at'), getvariable('loaded_at')
from read_csv(getvariable('reference_dir') || '/elections.csv', header = true, all_varchar = true);
