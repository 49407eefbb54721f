// StreamLip viewer: watches one session, chromeless (for an OBS Browser Source or a second screen).
// URL: /viewer?session=ID&token=VIEWER_TOKEN[&muted=1]. Receive-only WebRTC: POST /api/sessions/{id}/viewers {sdp}.
// Reconnects by itself if the connection drops while the session still runs.
// window.streamlip = { state, peer } lets tests read what the page sees.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const session = params.get('session');
  const token = params.get('token');
  const video = document.getElementById('avatar');
  const status = document.getElementById('status');
  const unmute = document.getElementById('unmute');
  const state = { phase: 'idle', error: null, viewerId: null };
  let pc = null;
  let retry = null;
  window.streamlip = { state, get peer() { return pc; } };

  const api = (path) => `/api/sessions/${encodeURIComponent(session)}/viewers${path}`;
  const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };

  function show(phase, message, isError = false) {
    state.phase = phase;
    state.error = isError ? message : null;
    status.textContent = message;
    status.className = phase === 'live' ? 'live' : isError ? 'error' : '';
  }

  function gathered(peer, timeoutMs) {
    if (peer.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { if (peer.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(resolve, timeoutMs);
      peer.addEventListener('icegatheringstatechange', done);
    });
  }

  async function play() {
    video.muted = params.get('muted') === '1';
    try {
      await video.play();
    } catch {
      // Autoplay with sound needs a gesture outside OBS: play muted and offer the sound.
      video.muted = true;
      unmute.hidden = false;
      await video.play().catch(() => {});
    }
  }

  async function connect() {
    clearTimeout(retry);
    show('connecting', 'Connecting…');
    try {
      pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      const remote = new MediaStream();
      video.srcObject = remote;
      pc.ontrack = (e) => remote.addTrack(e.track);
      pc.onconnectionstatechange = () => {
        if (pc && (pc.connectionState === 'failed' || pc.connectionState === 'closed')) reconnect('The connection dropped; reconnecting…');
      };
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, 3000);
      const response = await fetch(api(''), { method: 'POST', headers, body: JSON.stringify({ sdp: pc.localDescription.sdp }) });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        const reason = body.detail || body.title || `HTTP ${response.status}`;
        // 404: the session ended; 401/403: a wrong or expired token. Neither gets better by retrying.
        if (response.status === 404 || response.status === 401 || response.status === 403) {
          close();
          show('failed', response.status === 404 ? `The session has ended (${reason}).` : `Not allowed to watch: ${reason}`, true);
          return;
        }
        throw new Error(reason);
      }
      state.viewerId = body.viewerId;
      await pc.setRemoteDescription({ type: 'answer', sdp: body.answer });
      await play();
      show('live', 'Live.');
    } catch (e) {
      reconnect(`Cannot connect: ${e?.message ?? e}; retrying…`);
    }
  }

  function close() {
    const old = pc;
    pc = null;
    old?.close();
    if (state.viewerId) {
      fetch(api(`/${state.viewerId}`), { method: 'DELETE', headers, keepalive: true }).catch(() => {});
      state.viewerId = null;
    }
  }

  function reconnect(message) {
    close();
    show('retrying', message, true);
    retry = setTimeout(connect, 3000);
  }

  unmute.addEventListener('click', () => { video.muted = false; unmute.hidden = true; });
  window.addEventListener('pagehide', close);

  if (!session) {
    show('failed', 'No session: open /viewer?session=ID&token=VIEWER_TOKEN (POST /api/sessions returns both).', true);
  } else {
    connect();
  }
})();
