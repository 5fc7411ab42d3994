-- Coordinated responses per lifecycle status, in the vocabulary's order (zeros included), over
-- the responses the filter bar selects: proposed in its period, and led or joined by one of its
-- targeted members (other filters are about incidents and do not apply). No parameters.
with chosen as (
    select response.response_id, response.status
    from scoped_response() as response
    where (incident_filter().date_from is null
           or response.proposed_at >= incident_filter().date_from)
      and (incident_filter().date_to is null
           or response.proposed_at < incident_filter().date_to::date + interval 1 day)
      and (coalesce(len(incident_filter().members), 0) = 0
           or list_contains(incident_filter().members, response.lead_member)
           or response.response_id in (
               select response_id from scoped_response_member()
               where position in ('lead', 'join')
                 and list_contains(incident_filter().members, member_code)))
)
select
    status.code as status,
    status.label_en,
    status.label_fr,
    count(chosen.response_id) as responses
from vocabulary as status
left join chosen on chosen.status = status.code
where status.vocabulary = 'response_status'
group by status.code, status.label_en, status.label_fr, status.rank
order by status.rank
