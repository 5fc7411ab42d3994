-- The members and observers that the filtered incidents linked to each of $actors targeted,
-- named once each in alphabetical order, in English and in French (actors the viewer may not
-- see, or with no such incident, have no row). Parameters: $actors (varchar[]).
with linked as (
    select actor_id, targeted_members
    from (select unnest(actor_ids) as actor_id, targeted_members from filtered_incident())
    where actor_id in (select unnest($actors::varchar[]))
      and actor_id in (select actor_id from scoped_actor())
),
pairs as (
    select distinct actor_id, code
    from (select actor_id, unnest(targeted_members) as code from linked)
)
select
    pairs.actor_id,
    string_agg(member.name_en, ', ' order by member.name_en) as members_en,
    string_agg(member.name_fr, ', ' order by member.name_fr) as members_fr
from pairs
join member on member.member_code = pairs.code
group by pairs.actor_id
