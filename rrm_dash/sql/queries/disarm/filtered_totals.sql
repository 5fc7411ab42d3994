-- How many incidents the filter bar selects, and how many of them carry a DISARM technique.
-- No parameters.
with tagged as (
    select distinct incident_id
    from filtered_incident_technique()
)
select
    (select count(*) from filtered_incident()) as incidents,
    (select count(*) from tagged) as tagged_incidents
