-- Key figures of the filtered set: incidents, members and observers targeted, actors seen,
-- and incidents targeting women or vulnerable groups.
with incidents as (
    select incident_id, gender_dimension from filtered_incident()
),
targeted as (
    select distinct target.country_code
    from filtered_incident_country() as target
    join member on member.member_code = target.country_code
    where target.role = 'targeted'
),
gendered as (
    select incident_id from incidents where gender_dimension <> 'none'
    union
    select incident_id from filtered_incident_target()
    where gender = 'women' or vulnerable_group <> 'none'
)
select
    (select count(*) from incidents) as incidents,
    (select count(*) from targeted) as members_targeted,
    (select count(distinct actor_id) from filtered_incident_actor()) as actors_seen,
    (select count(*) from gendered) as gender_or_vulnerable
