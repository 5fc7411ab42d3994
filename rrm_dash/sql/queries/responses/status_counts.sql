-- Coordinated responses per lifecycle status, in the vocabulary's order (zeros included), over
-- the responses the filter bar selects: proposed in its period, and led or joined by one of its
-- targeted members (other filters are about incidents and do not apply). No parameters.
with chosen as (
    select response.response_id, response.status
    from filtered_response() as response
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
