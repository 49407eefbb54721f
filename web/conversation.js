// StreamLip page, conversation panel: the switch puts the page's session in conversation mode (hub StartConversation /
// StopConversation); the server's events fill the panel: what you said (partial, then final), the reply as it streams,
// barge-ins and each turn's timings. ?conversation=1 switches it on when the session starts.
// window.streamlipConversation = { active, transcripts, replies, timings, bargeIns, errors } lets tests read the panel.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const panel = { active: false, transcripts: [], replies: {}, timings: [], bargeIns: 0, errors: [] };
  window.streamlipConversation = panel;
  let live = null; // { connection, sessionId } of the running session

  function show(message, isError = false) {
    $('conversation-status').textContent = message;
    $('conversation-status').classList.toggle('error', isError);
  }

  const ms = (v) => `${Math.round(v)} ms`;

  async function setActive(on) {
    if (!live) return;
    try {
      if (on) {
        show('Starting speech recognition…');
        const pipeline = await live.connection.invoke('StartConversation', live.sessionId);
        panel.active = true;
        show(`On (${pipeline}): ask something. Speak over the avatar to stop it.`);
      } else {
        await live.connection.invoke('StopConversation', live.sessionId);
        panel.active = false;
        show('Off: the avatar mirrors your voice.');
      }
    } catch (e) {
      panel.active = false;
      $('conversation').checked = false;
      panel.errors.push(String(e?.message ?? e));
      show(String(e?.message ?? e).replace(/^.*HubException: /, ''), true);
    }
  }

  window.addEventListener('streamlip:live', (e) => {
    live = e.detail;
    const c = live.connection;
    c.on('Transcript', (_, text, final) => {
      $('transcript').textContent = text || '(nothing understood)';
      $('transcript').classList.toggle('partial', !final);
      if (final) panel.transcripts.push(text);
    });
    c.on('ReplyDelta', (_, turn, delta) => {
      panel.replies[turn] = (panel.replies[turn] ?? '') + delta;
      $('reply').textContent = panel.replies[turn];
    });
    c.on('ReplyFinished', (_, turn, text, interrupted) => {
      panel.replies[turn] = text;
      $('reply').textContent = interrupted ? `${text} …(interrupted)` : text;
    });
    c.on('BargeIn', () => { panel.bargeIns += 1; show('You spoke over the avatar: it stopped.'); });
    c.on('TurnTimings', (_, t) => {
      panel.timings.push(t);
      $('turn-timings').textContent = `You stopped → lips ${ms(t.toFirstMouthMs)}: end of speech ${ms(t.hangoverMs)}, recognition ${ms(t.recognitionMs)}, `
        + `first token ${ms(t.firstTokenMs)}, first sentence ${ms(t.firstSentenceMs)}, synthesis ${ms(t.synthesisMs)}, lip-sync ${ms(t.lipSyncMs)}.`;
    });
    c.on('ConversationError', (_, message) => { panel.errors.push(message); show(message, true); });
    $('conversation').disabled = false;
    if ($('conversation').checked || new URLSearchParams(location.search).get('conversation') === '1') {
      $('conversation').checked = true;
      setActive(true);
    }
  });

  $('conversation').addEventListener('change', (e) => setActive(e.target.checked));
})();
