-- Every member's and observer's position on one coordinated response (null where none was
-- recorded), lead first, then joining, abstaining, declining, then the silent.
-- Parameters: $response_id (text). Nothing comes back for a response the viewer may not see.
with visible as (
    select response_id
    from scoped_response()
    where response_id = $response_id
),
positions as (
    select member_code, position, decided_at
    from scoped_response_member()
    where response_id in (select response_id from visible)
)
select
    member.member_code,
    member.name_en,
    member.name_fr,
    member.status as member_status,
    positions.position,
    stance.label_en as position_en,
    stance.label_fr as position_fr,
    positions.decided_at
from member
left join positions using (member_code)
left join vocabulary as stance
    on stance.vocabulary = 'response_position' and stance.code = positions.position
where exists (select 1 from visible)
  and (member.status <> 'secretariat' or positions.position is not null)
order by coalesce(stance.rank, 99), member.status, member.member_code
