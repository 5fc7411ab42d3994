-- What a DISARM Navigator layer says about the set it scores: how many incidents the filter bar
-- selects, how many of them carry a DISARM technique, the most restrictive TLP rank among those
-- (null when none), and the DISARM version loaded. No parameters.
with tagged as (
    select incident.incident_id, incident.tlp
    from filtered_incident() as incident
    where incident.incident_id in (select incident_id from scoped_incident_technique())
)
select
    (select count(*) from filtered_incident()) as incidents,
    (select count(*) from tagged) as tagged_incidents,
    (select max(tlp_rank(tlp)) from tagged) as highest_tlp_rank,
    (select value from meta where key = 'disarm_version') as disarm_version
