-- Filtered incidents per week or month and per heading or threat type, on a continuous spine of
-- bins from $period_start to $period_end (bins without incidents are zeros). Each series carries
-- its heading (`family`: a heading is its own family, a threat type's is its parent heading).
-- Parameters: $granularity ('week' or 'month'), $stack ('heading' or 'threat_type'),
-- $period_start (date), $period_end (date).
with spine as (
    select unnest(generate_series(
        date_trunc($granularity, $period_start::date),
        date_trunc($granularity, $period_end::date),
        case when $granularity = 'week' then interval 7 day else interval 1 month end
    ))::date as bin_start
),
series as (
    select
        code as series,
        case when vocabulary = 'heading' then code else parent end as family,
        rank,
        label_en,
        label_fr
    from vocabulary
    where vocabulary = $stack
),
counted as (
    select
        date_trunc($granularity, detected_at)::date as bin_start,
        case when $stack = 'heading' then heading else threat_type end as series,
        count(*) as incidents
    from filtered_incident()
    group by all
)
select
    spine.bin_start,
    series.series,
    series.family,
    series.label_en,
    series.label_fr,
    coalesce(counted.incidents, 0) as incidents
from spine
cross join series
left join counted on counted.bin_start = spine.bin_start and counted.series = series.series
order by spine.bin_start, series.rank
