// @mailchimp/mailchimp_marketing as Segment pre-loads it (`mailchimplib.mailchimp`), sent to the HTTPS loopback:
// the client builds https://<server>.api.mailchimp.com/3.0/..., so `server` is the loopback's host and a path whose
// query swallows the rest (the same in Node). A ping, a member upsert (PUT, Basic auth) and an API error.
async function onTrack(event, settings) {
  const mailchimp = mailchimplib.mailchimp;
  mailchimp.setConfig({ apiKey: settings.apiKey, server: `${settings.host}/mc?` });
  const ping = await mailchimp.ping.get();
  const member = await mailchimp.lists.setListMember("list-1", "hash-1",
    { email_address: event.properties.email, status_if_new: "subscribed", merge_fields: { UID: event.userId } });
  let error = null;
  mailchimp.setConfig({ apiKey: settings.apiKey, server: `${settings.host}/denied?` });
  try {
    await mailchimp.lists.getList("missing");
  } catch (e) {
    error = [e.status, e.message, e.response && e.response.body];
  }
  return { ping, member, error };
}
