-- The platforms one visible incident used, with the channel (handle and exposure category) where
-- the channel is known and visible. Parameters: $incident_id (text).
select
    platform.label_en as platform_en,
    platform.label_fr as platform_fr,
    channel.handle,
    exposure.label_en as exposure_en,
    exposure.label_fr as exposure_fr
from scoped_incident_platform() as link
left join scoped_channel() as channel on channel.channel_id = link.channel_id
left join vocabulary as platform
    on platform.vocabulary = 'platform' and platform.code = link.platform
left join vocabulary as exposure
    on exposure.vocabulary = 'exposure_category' and exposure.code = channel.exposure_category
where link.incident_id = $incident_id
order by platform.rank, channel.handle
