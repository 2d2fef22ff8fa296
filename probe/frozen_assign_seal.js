Object.seal(globalThis);
async function onTrack() { _ = 'assigned'; return typeof _ === 'string' ? _ : 'lodash'; }
