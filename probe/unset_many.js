function onTrack(event, settings) {
  let n = 0;
  for (let i = 0; i < 50000; i++) if (settings["missing_setting_" + i] === undefined) n++;
  return n;
}
