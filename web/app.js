// StreamLip page: microphone → WebRTC → server; lip-synced avatar video (+ the voice, delayed with it) back.
// Signalling over SignalR (/hub): Offer(sdp, {avatar}) → answer (non-trickle: the offer is sent after ICE gathering).
// Control needs the API key: read from ?token= once, sent as Authorization: Bearer (fetch) and accessTokenFactory (SignalR).
// window.streamlip = { state, stats, peer, mic } lets tests and curious people read what the page sees.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('avatar');
  const state = { phase: 'idle', error: null, avatar: null, sessionId: null, preview: null, build: null, remoteStreams: {} };
  const stats = { server: null, answerMs: null, firstFrameMs: null, fps: null, shownFps: null, framesDecoded: 0, jitterBufferMs: null, voiceBufferMs: null, rttMs: null, endToEndMs: null };
  window.streamlip = { state, stats, get peer() { return pc; }, get mic() { return mic; }, get connection() { return connection; } };

  let connection = null;
  let pc = null;
  let mic = null;
  let pollTimer = null;
  // The session's start as the user waits for it: offer sent → answer, → first frame shown (one listener for every start).
  let offeredAt = null;
  video.addEventListener('loadeddata', () => {
    if (offeredAt === null) return;
    stats.firstFrameMs = performance.now() - offeredAt;
    offeredAt = null;
    render();
  });
  let shown = { count: 0, since: performance.now() };

  // Access token: the URL printed by `./streamlip serve` carries it (?token=…, as Jupyter does). It is kept for this
  // tab in sessionStorage and taken out of the address bar, so it is not left in history or copied along with the link.
  const TOKEN_KEY = 'streamlip.token';
  const AUTH_MESSAGE = 'Not authorised: open the URL printed by ./streamlip serve (it carries the access token), or add ?token=<API key> to this address.';
  const token = (() => {
    const params = new URLSearchParams(location.search);
    const fromUrl = params.get('token');
    if (fromUrl) {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
      params.delete('token');
      const rest = params.toString();
      history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    }
    return fromUrl || sessionStorage.getItem(TOKEN_KEY);
  })();
  const authorization = () => (token ? { Authorization: `Bearer ${token}` } : {});
  const isAuthError = (message) => /\b401\b|Unauthorized/i.test(String(message));

  async function api(path, init = {}) {
    const response = await fetch(path, { ...init, headers: { ...authorization(), ...(init.headers ?? {}) } });
    if (response.status === 401 || response.status === 403) throw new Error(AUTH_MESSAGE);
    return response;
  }

  function setPhase(phase, message, isError = false) {
    state.phase = phase;
    state.error = isError ? message : null;
    $('status').textContent = message;
    $('status').classList.toggle('error', isError);
    $('start').disabled = phase === 'starting' || phase === 'live';
    $('stop').disabled = phase === 'idle' || phase === 'failed';
    for (const id of ['speak-text', 'speak-voice', 'speak-button', 'interrupt']) $(id).disabled = phase !== 'live';
  }

  async function loadAvatars() {
    const response = await api('/api/avatars');
    const body = await response.json();
    const select = $('avatar-choice');
    select.replaceChildren(...body.avatars.map((name) => new Option(name, name, false, name === body.default)));
    if (body.avatars.length === 0) {
      select.append(new Option(`${body.default} (not built)`, body.default));
    }
  }

  // Before a session (and after one), the video shows the chosen avatar's first frame as its poster, not a black box.
  // Fetched with the key (an <img> cannot send it), shown through an object URL that is freed when replaced.
  let previewUrl = null;
  async function showPreview() {
    const name = $('avatar-choice').value;
    if (!name) return;
    const response = await api(`/api/avatars/${encodeURIComponent(name)}/preview.png`);
    if (!response.ok || name !== $('avatar-choice').value) return;
    const url = URL.createObjectURL(await response.blob());
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = url;
    video.poster = url;
    state.preview = name;
  }
  $('avatar-choice').addEventListener('change', () => { showPreview().catch(() => {}); });

  function waitForIceGathering(peer, timeoutMs) {
    if (peer.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { if (peer.iceGatheringState === 'complete') { clearTimeout(timer); peer.removeEventListener('icegatheringstatechange', done); resolve(); } };
      // Send what was gathered if gathering stalls (a STUN server out of reach): host candidates suffice on a LAN.
      const timer = setTimeout(() => { peer.removeEventListener('icegatheringstatechange', done); resolve(); }, timeoutMs);
      peer.addEventListener('icegatheringstatechange', done);
    });
  }

  // `reason`: why this start is a restart (shown while it connects).
  async function start(reason) {
    setPhase('starting', reason ? `${reason} Reconnecting…` : 'Connecting…');
    try {
      state.avatar = $('avatar-choice').value || null;
      // The token goes as a Bearer header on negotiate and as ?access_token= on the WebSocket (browsers cannot set its headers).
      const hub = connection = new signalR.HubConnectionBuilder().withUrl('/hub', { accessTokenFactory: () => token ?? '' }).build();
      connection.on('Stats', (s) => { stats.server = s; render(); });
      connection.on('Error', (message) => fail(message));
      // A cluster lost the node that ran this session: start again; placement puts the new one on a live node.
      connection.on('SessionLost', async () => {
        const reason = 'The node that ran this session failed.';
        await stop(reason);
        start(reason);
      });
      connection.on('IceCandidate', (candidate, sdpMLineIndex) => pc?.addIceCandidate({ candidate, sdpMLineIndex }));
      // Only this connection's own loss counts: stop() closes it on purpose.
      connection.onclose((e) => { if (connection === hub && state.phase === 'live') fail(`Lost the server${e ? `: ${e.message}` : ''}.`); });
      await connection.start();

      mic = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true }, video: false });
      pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(mic.getAudioTracks()[0], { direction: 'sendrecv', streams: [mic] });
      pc.addTransceiver('video', { direction: 'recvonly' });
      const remote = new MediaStream();
      video.srcObject = remote;
      pc.ontrack = (e) => {
        remote.addTrack(e.track);
        // The stream the browser put the track in: voice and picture are played in sync only within one.
        state.remoteStreams[e.track.kind] = e.streams.map((s) => s.id);
      };
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === 'failed') fail('The media connection failed (ICE).');
      };

      await pc.setLocalDescription(await pc.createOffer());
      await waitForIceGathering(pc, 3000);
      stats.answerMs = stats.firstFrameMs = null;
      const offered = offeredAt = performance.now();
      const answer = await connection.invoke('Offer', pc.localDescription.sdp, { avatar: state.avatar });
      stats.answerMs = performance.now() - offered;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      state.sessionId = await connection.invoke('SessionId');
      connection.on('UtteranceStarted', (_, id) => showSpeech(`Speaking (#${id})…`));
      connection.on('UtteranceFinished', (_, id, interrupted) => showSpeech(interrupted ? `#${id} interrupted.` : `#${id} done.`));
      await connection.invoke('Watch', state.sessionId);
      setPhase('live', 'Live: speak, or type below!');
      // Other panels (conversation.js) take the live connection from here.
      window.dispatchEvent(new CustomEvent('streamlip:live', { detail: { connection, sessionId: state.sessionId } }));
      pollTimer = setInterval(pollStats, 1000);
      countShownFrames();
    } catch (e) {
      fail(e?.message ?? String(e));
    }
  }

  async function stop(message = 'Stopped.') {
    clearInterval(pollTimer);
    pollTimer = null;
    const hub = connection;
    connection = null;
    try { await hub?.invoke('Stop'); } catch { /* the server may be gone */ }
    await hub?.stop();
    pc?.close();
    mic?.getTracks().forEach((t) => t.stop());
    pc = mic = null;
    video.srcObject = null;
    if (state.phase !== 'failed') setPhase('idle', message);
  }

  function fail(message) {
    // SignalR prefixes hub errors with "An unexpected error occurred invoking 'X' on the server. HubException: ".
    setPhase('failed', isAuthError(message) ? AUTH_MESSAGE : String(message).replace(/^.*HubException: /, ''), true);
    stop();
  }

  // Frames actually presented, counted with requestVideoFrameCallback where the browser has it.
  function countShownFrames() {
    if (!('requestVideoFrameCallback' in HTMLVideoElement.prototype)) return;
    const onFrame = () => {
      shown.count++;
      if (state.phase === 'live') video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  async function pollStats() {
    if (!pc) return;
    const report = await pc.getStats();
    report.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        stats.fps = r.framesPerSecond ?? null;
        stats.framesDecoded = r.framesDecoded ?? 0;
        stats.jitterBufferMs = recentDelay('video', r);
      }
      if (r.type === 'inbound-rtp' && r.kind === 'audio') stats.voiceBufferMs = recentDelay('audio', r);
      if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined) {
        stats.rttMs = 1000 * r.currentRoundTripTime;
      }
    });
    const now = performance.now();
    stats.shownFps = (1000 * shown.count) / (now - shown.since);
    shown = { count: 0, since: now };
    // Speech → mouth and voice: uplink (RTT/2) + the server's budget D + downlink (RTT/2) + the longer of the two
    // receive buffers (the browser holds voice and picture until both can play; the voice is sent ahead by avOffsetMs).
    stats.endToEndMs = stats.server
      ? stats.server.latencyBudgetMs + (stats.rttMs ?? 0) + Math.max(stats.jitterBufferMs ?? 0, (stats.voiceBufferMs ?? 0) - stats.server.avOffsetMs)
      : null;
    render();
  }

  // A receive buffer's delay over the last poll (the stats' totals average over the whole session).
  const lastBuffer = {};
  function recentDelay(kind, r) {
    const before = lastBuffer[kind];
    lastBuffer[kind] = { delay: r.jitterBufferDelay ?? 0, count: r.jitterBufferEmittedCount ?? 0 };
    const count = lastBuffer[kind].count - (before?.count ?? 0);
    return count > 0 ? (1000 * (lastBuffer[kind].delay - (before?.delay ?? 0))) / count : null;
  }

  const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);

  function render() {
    const s = stats.server;
    $('stat-start').textContent = stats.answerMs === null ? '–' : `${ms(stats.answerMs)} / ${ms(stats.firstFrameMs)}`;
    $('stat-fps').textContent = stats.fps === null ? '–' : `${stats.fps.toFixed(1)} fps`;
    $('stat-shown-fps').textContent = stats.shownFps === null ? '–' : `${stats.shownFps.toFixed(1)} fps`;
    $('stat-e2e').textContent = ms(stats.endToEndMs);
    $('stat-rtt').textContent = ms(stats.rttMs);
    $('stat-buffers').textContent = `${ms(stats.jitterBufferMs)} / ${ms(stats.voiceBufferMs)}`;
    if (s) {
      $('stat-budget').textContent = ms(s.latencyBudgetMs);
      $('stat-delay').textContent = `${ms(s.delayP50Ms)} / ${ms(s.delayP95Ms)}`;
      $('stat-frames').textContent = `${s.framesSent} / ${s.framesDue} / ${s.framesLate}`;
      // Under overload the server drops sessions to a lower frame rate, newest first, their voice intact (#19).
      // A still picture is not encoded again (at most every 12th frame is), so the received rate drops while it is still.
      const held = s.framesHeld > 0 ? `; ${s.framesHeld} unchanged frames held, not encoded again` : '';
      $('stat-rate').textContent = s.frameRate === undefined ? '–'
        : (s.frameRate < 25 ? `${s.frameRate} fps (reduced: the server is shedding load; the voice is intact)` : `${s.frameRate} fps`) + held;
      $('stat-av').textContent = ms(s.avOffsetMs);
      // Chosen per peer from its offer under VideoCodec=Auto (H.264 where the browser offers it, else VP8).
      $('stat-codec').textContent = s.videoCodec ? `${s.videoCodec} (${s.videoEncoder})` : '–';
    }
  }

  $('start').addEventListener('click', () => start());
  $('stop').addEventListener('click', () => stop());
  $('sound').addEventListener('change', (e) => { video.muted = !e.target.checked; });
  // The text box: espeak-ng on the server speaks it into this session (hub Speak; the microphone is ignored meanwhile).
  function showSpeech(message, isError = false) {
    $('speak-status').textContent = message;
    $('speak-status').classList.toggle('error', isError);
  }

  async function speak(e) {
    e.preventDefault();
    const text = $('speak-text').value.trim();
    if (!text || !connection || !state.sessionId) return;
    try {
      const id = await connection.invoke('Speak', state.sessionId, text, $('speak-voice').value || null, null);
      showSpeech(`Queued (#${id}).`);
      $('speak-text').value = '';
    } catch (err) {
      showSpeech(String(err?.message ?? err).replace(/^.*HubException: /, ''), true);
    }
  }

  $('speak').addEventListener('submit', speak);

  // New avatar: the file is the body of POST /api/avatars?name=…; the build runs on the server (its own process) and
  // is polled until it ends; then the new avatar is chosen and its first frame shown.
  function showBuild(message, isError = false) {
    $('create-status').textContent = message;
    $('create-status').classList.toggle('error', isError);
  }

  async function createAvatar(event) {
    event.preventDefault();
    const name = $('create-name').value.trim();
    const file = $('create-file').files[0];
    if (!file) { showBuild('Choose a photo or a video first.', true); return; }
    const progress = $('create-progress');
    $('create-button').disabled = true;
    $('create-report').replaceChildren();
    progress.hidden = false;
    progress.value = 0;
    state.build = { name, state: 'uploading', progress: 0, message: null, report: [] };
    try {
      showBuild(`Uploading ${file.name} (${(file.size / 1048576).toFixed(1)} MB)…`);
      const response = await api(`/api/avatars?name=${encodeURIComponent(name)}`, { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail ?? `${response.status} ${response.statusText}`);
      }
      let job = await response.json();
      state.build = job;
      while (job.state === 'running') {
        showBuild(`Building ${job.name}: ${job.progress.toFixed(0)} %`);
        progress.value = job.progress;
        await new Promise((resolve) => setTimeout(resolve, 400));
        job = await (await api(job.statusUrl)).json();
        state.build = job;
      }
      $('create-report').replaceChildren(...job.report.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
      if (job.state !== 'succeeded') throw new Error(job.message);
      progress.value = 100;
      showBuild(job.message);
      await loadAvatars();
      $('avatar-choice').value = job.name;
      await showPreview();
    } catch (err) {
      const message = String(err?.message ?? err);
      state.build = { ...state.build, state: 'failed', message };
      showBuild(message, true);
    } finally {
      $('create-button').disabled = false;
    }
  }
  $('create').addEventListener('submit', createAvatar);
  $('interrupt').addEventListener('click', async () => {
    if (connection && state.sessionId) await connection.invoke('Interrupt', state.sessionId).catch(() => {});
  });

  loadAvatars()
    .then(() => { showPreview().catch(() => {}); })
    .catch((e) => setPhase('failed', e.message === AUTH_MESSAGE ? AUTH_MESSAGE : `Cannot list avatars: ${e.message}`, true))
    .then(() => {
      if (new URLSearchParams(location.search).get('autostart') === '1') start();
    });
})();
