-- Response and meeting rows whose parent does not exist.
select 'response_member' as link_table, response_id as parent_id from response_member
where response_id not in (select response_id from response)
union all
select 'response_incident', response_id from response_incident
where response_id not in (select response_id from response)
union all
select 'meeting_attendance', meeting_id from meeting_attendance
where meeting_id not in (select meeting_id from meeting)
