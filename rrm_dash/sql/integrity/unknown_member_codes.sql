-- Member codes used by facts that are not in the member table.
select 'originator_member' as used_as, originator_member as code from (
    select originator_member from incident union all select originator_member from actor
    union all select originator_member from narrative union all select originator_member from channel
    union all select originator_member from election union all select originator_member from meeting
    union all select originator_member from engagement_event union all select originator_member from response
    union all select originator_member from report
)
where originator_member not in (select member_code from member)
union all
select 'engagement member', member_code from engagement_event
where member_code not in (select member_code from member)
union all
select 'attendance member', member_code from meeting_attendance
where member_code not in (select member_code from member)
union all
select 'response member', member_code from response_member
where member_code not in (select member_code from member)
