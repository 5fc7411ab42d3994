-- Elections the viewer may see, most recent first, labelled by member, body and first voting day.
select
    election.election_id as code,
    member.name_en || ' — ' || election.body_en || ', ' || strftime(election.date_start, '%Y-%m-%d')
        || case when election.round > 1 then ' (round ' || election.round || ')' else '' end as label_en,
    member.name_fr || ' — ' || election.body_fr || ', ' || strftime(election.date_start, '%Y-%m-%d')
        || case when election.round > 1 then ' (' || election.round || 'e tour)' else '' end as label_fr
from scoped_election() as election
join member on member.member_code = election.country
order by election.date_start desc, election.country
