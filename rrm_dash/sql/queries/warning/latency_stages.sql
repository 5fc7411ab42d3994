-- How long each step of handling the filtered incidents took, per originating member, quarter of
-- detection (e.g. 2026-Q3) and stage: first activity -> detection -> assessment -> notification ->
-- publication. Days between the two moments (first activity is a date: its midnight); a stage
-- whose end or start is missing, or that ends before it starts, is left out. member is null when
-- the originator is withheld from the viewer (Chatham House Rule).
-- Parameters: none.
-- The quarter is formatted after grouping, and the three quantiles come from one sort: both
-- cost more per row than the grouping itself.
with incidents as (
    select
        originator_member as member,
        year(detected_at) as year,
        quarter(detected_at) as quarter,
        first_activity::timestamp as first_activity,
        detected_at,
        assessed_at,
        notified_at,
        published_at
    from filtered_incident()
),
stages as (
    select member, year, quarter, 1 as rank, 'activity_to_detection' as stage,
        epoch(detected_at - first_activity) / 86400.0 as days
    from incidents
    union all
    select member, year, quarter, 2, 'detection_to_assessment',
        epoch(assessed_at - detected_at) / 86400.0
    from incidents
    union all
    select member, year, quarter, 3, 'assessment_to_notification',
        epoch(notified_at - assessed_at) / 86400.0
    from incidents
    union all
    select member, year, quarter, 4, 'notification_to_publication',
        epoch(published_at - notified_at) / 86400.0
    from incidents
),
measured as (
    select
        member,
        year,
        quarter,
        rank,
        stage,
        quantile_cont(days, [0.25, 0.5, 0.75]) as quartiles,
        count(*) as incidents
    from stages
    where days >= 0
    group by member, year, quarter, rank, stage
)
select
    member,
    year::varchar || '-Q' || quarter::varchar as quarter,
    stage,
    quartiles[2] as median_days,
    quartiles[1] as p25_days,
    quartiles[3] as p75_days,
    incidents
from measured
order by member nulls last, year, quarter, rank
