Object.freeze(globalThis);
async function onTrack() { _ = 'assigned'; return typeof _ === 'string' ? _ : 'lodash'; }
