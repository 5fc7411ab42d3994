-- Filtered incidents per week (Monday to Sunday, by detection time), per targeted country and per
-- G7 heading, on a continuous spine of weeks from $first_week to $last_week (zeros included).
-- The filter bar's period must be set to those weeks. A country appears when one of the filtered
-- incidents targets it (and, when $members is not empty, it is one of $members); an incident
-- targeting two countries counts once for each. Every heading appears.
-- Parameters: $first_week (date, a Monday), $last_week (date, a Monday), $members (varchar[]).
with spine as (
    select unnest(generate_series($first_week::date, $last_week::date, interval 7 day))::date as week
),
incidents as (
    select heading, date_trunc('week', detected_at)::date as week, targeted_members
    from filtered_incident()
),
targeted as (
    select key, week
    from (select unnest(targeted_members) as key, week from incidents)
    where len($members::varchar[]) = 0 or list_contains($members::varchar[], key)
),
keys as (
    select distinct 'country' as scope, key from targeted
    union all
    select 'heading' as scope, code as key from vocabulary where vocabulary = 'heading'
),
counted as (
    select 'country' as scope, key, week, count(*) as incidents
    from targeted
    group by all
    union all
    select 'heading' as scope, heading as key, week, count(*) as incidents
    from incidents
    group by all
)
select keys.scope, keys.key, spine.week, coalesce(counted.incidents, 0)::bigint as incidents
from keys
cross join spine
left join counted
    on counted.scope = keys.scope and counted.key = keys.key and counted.week = spine.week
order by keys.scope, keys.key, spine.week
