// skyflow-node as Segment pre-loads it (`skyflowlib.skyflow`), its vault URL the HTTPS loopback: records inserted
// (bearer token from getBearerToken, a JWT that expires in 2100) and an error the vault answers with.
const TOKEN = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJzdmMiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln";

async function onTrack(event, settings) {
  const { Skyflow } = skyflowlib.skyflow;
  const vault = Skyflow.init({ vaultID: "vault-1", vaultURL: settings.base, getBearerToken: () => Promise.resolve(TOKEN) });
  const inserted = await vault.insert({ records: [{ table: "persons", fields: { name: event.userId, email: "a@example.com" } }] },
    { tokens: true });
  let error = null;
  try {
    await vault.getById({ records: [{ ids: ["missing"], table: "denied", redaction: Skyflow.RedactionType.PLAIN_TEXT }] });
  } catch (e) {
    error = JSON.parse(JSON.stringify(e));
  }
  return { inserted, error };
}
