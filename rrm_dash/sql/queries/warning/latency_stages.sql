-- How long each step of handling the filtered incidents took, per originating member, quarter of
-- detection (e.g. 2026-Q3) and stage: first activity -> detection -> assessment -> notification ->
-- publication. Days between the two moments (first activity is a date: its midnight); a stage
-- whose end or start is missing, or that ends before it starts, is left out. member is null when
-- the originator is withheld from the viewer (Chatham House Rule).
-- Parameters: none.
with incidents as (
    select
        incident_id,
        originator_member as member,
        year(detected_at)::varchar || '-Q' || quarter(detected_at)::varchar as quarter,
        first_activity::timestamp as first_activity,
        detected_at,
        assessed_at,
        notified_at,
        published_at
    from filtered_incident()
),
stages as (
    select member, quarter, 1 as rank, 'activity_to_detection' as stage,
        epoch(detected_at - first_activity) / 86400.0 as days
    from incidents
    union all
    select member, quarter, 2, 'detection_to_assessment',
        epoch(assessed_at - detected_at) / 86400.0
    from incidents
    union all
    select member, quarter, 3, 'assessment_to_notification',
        epoch(notified_at - assessed_at) / 86400.0
    from incidents
    union all
    select member, quarter, 4, 'notification_to_publication',
        epoch(published_at - notified_at) / 86400.0
    from incidents
)
select
    member,
    quarter,
    stage,
    quantile_cont(days, 0.5) as median_days,
    quantile_cont(days, 0.25) as p25_days,
    quantile_cont(days, 0.75) as p75_days,
    count(*) as incidents
from stages
where days >= 0
group by member, quarter, stage, rank
order by member nulls last, quarter, rank
