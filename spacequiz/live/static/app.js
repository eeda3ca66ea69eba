// The student's page of a spacequiz live game: join, answer, see how it went.
//
// It speaks protocol version 1 (docs/live-protocol.md) over one WebSocket to the host that
// served it. Every piece of text that comes from the server or the player is put on the page
// with textContent, never parsed as HTML. The Content-Security-Policy forbids inline script and
// style, so this file holds all behaviour and app.css all looks.
"use strict";

(function () {
  const PROTOCOL = 1;
  const STORE_PREFIX = "spacequiz:";
  const DRAFT_PREFIX = "spacequiz-draft:";
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 10000];
  const PING_EVERY_MS = 20000;
  const SILENCE_LIMIT_MS = 45000; // no frame at all for this long: the connection is dead
  const MAX_NAME = 24;
  const MAX_TEXT = 200;
  // A number as the engine reads one (core/answers.py parse_number): 3000, 3,000, 3 000,
  // 3.5, 3,5, 1.5e3, "37 years"; "forty nine" or "3 thousand" is none, and is not sent.
  const NUMBER = /^[~≈]?\s*[-+−]?\s*(?:[0-9]{1,3}(?:[ ,\u00a0\u202f'’][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?(?:[eE][-+]?[0-9]+)?|[.,][0-9]+)\s*([^0-9]*)$/;
  const SCALE_WORDS = /\b(hundred|thousand|million|billion|k|bn)\b/i;
  const MAX_TYPED_NUMBER = 1000;

  // Codes after which the server closes the socket; reconnecting would only repeat them.
  const FATAL = new Set([
    "bad_version", "bad_code", "too_many_attempts", "bad_name",
    "name_taken", "bad_token", "locked", "full",
  ]);

  const ERROR_WORDS = {
    bad_message: "The game did not understand this page. Reload the page.",
    unknown_type: "The game did not understand this page. Reload the page.",
    bad_version: "This page does not match the game. Reload the page.",
    bad_code: "There is no game with that code. Check the code on the teacher's screen.",
    too_many_attempts: "Too many wrong codes from this network. Wait a minute, then try again.",
    bad_name: "Choose a name of 1 to 24 characters.",
    name_taken: "Someone in the game already has that name. Choose another one.",
    bad_token: "Your place in the game could not be found. Join again with your name.",
    locked: "The teacher has locked the game: no new players can join.",
    full: "The game is full: no more players can join.",
    not_joined: "You are not in the game yet. Reload the page.",
    not_open: "This question is closed.",
    late: "Too late: the time was up when your answer arrived.",
    already_answered: "You have already answered this question.",
    bad_answer: "That answer does not fit this question. Check it and send it again.",
    slow_down: "Too fast: wait a moment, then send again.",
  };

  // Tile looks: colour, shape and letter together, so no one needs to tell colours apart.
  // The server sends each option's shape and colour by name, from the projector's table.
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  const $ = (id) => document.getElementById(id);

  const state = {
    code: "",
    name: "",
    token: null,
    ws: null,
    joined: false,      // a welcome arrived on this connection
    everJoined: false,  // a welcome arrived at some point: drops are worth a reconnect
    stopped: false,     // fatal error, kicked or game over: do not reconnect
    attempt: 0,
    retryTimer: null,
    pingTimer: null,
    lastFrame: 0,
    question: null,     // the open question frame
    sent: false,        // an answer for the open question is on its way or counted
    given: null,        // that answer, to show while waiting for the reveal
    pending: null,      // () => what is ticked, placed or typed now, or null for nothing
    sentAtTimeUp: 0,    // the number of the last question whose answer went at time-up
    countdown: null,
    countdownEnd: null,
    players: 0,
    phase: "",
  };

  // ---------------------------------------------------------------- small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function readsAsNumber(text) {
    const typed = text.trim();
    if (typed.length > MAX_TYPED_NUMBER) return false;
    const found = NUMBER.exec(typed);
    return found !== null && !SCALE_WORDS.test(found[1]);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function ordinal(n) {
    const s = ["th", "st", "nd", "rd"];
    const v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  }

  function announce(text) {
    const region = $("announce");
    region.textContent = "";
    // A fresh node after a tick makes screen readers speak the same words twice in a row too.
    window.setTimeout(() => { region.textContent = text; }, 50);
  }

  function setConn(text) {
    $("conn").textContent = text;
    $("conn").classList.toggle("warn", Boolean(text));
  }

  function showScreen(name, focus) {
    for (const screen of document.querySelectorAll(".screen")) {
      screen.hidden = screen.id !== "screen-" + name;
    }
    if (focus) {
      const target = document.querySelector("#screen-" + name + " [tabindex='-1']");
      if (target) target.focus({ preventScroll: false });
    }
    window.scrollTo(0, 0);
  }

  // ---------------------------------------------------------------- remembered seat

  function storeKey(code) {
    return STORE_PREFIX + code;
  }

  function loadSeat(code) {
    try {
      const raw = window.localStorage.getItem(storeKey(code));
      if (!raw) return null;
      const seat = JSON.parse(raw);
      if (seat && typeof seat.name === "string" && typeof seat.token === "string") return seat;
    } catch (e) {
      // Storage switched off or a damaged value: play without resuming.
    }
    return null;
  }

  function saveSeat(code, name, token) {
    try {
      window.localStorage.setItem(storeKey(code), JSON.stringify({ name: name, token: token }));
    } catch (e) {
      // Private mode can refuse storage; the game still works, only a reload cannot resume.
    }
  }

  function forgetSeat(code) {
    try {
      window.localStorage.removeItem(storeKey(code));
    } catch (e) {
      // Nothing to forget.
    }
  }

  // ---------------------------------------------------------------- work in progress

  // What is ticked, placed or typed on the open question, and the answer sent, kept for this
  // tab in sessionStorage: a reload mid-question keeps them. Forgotten when the question closes.
  function draftKey(number) {
    return DRAFT_PREFIX + state.code + ":" + number;
  }

  function loadDraft(number) {
    try {
      const draft = JSON.parse(window.sessionStorage.getItem(draftKey(number)) || "null");
      if (draft && typeof draft === "object") return draft;
    } catch (e) {
      // Storage switched off or a damaged value: start afresh.
    }
    return {};
  }

  function keepDraft(change) {
    if (!state.question) return;
    const number = state.question.number;
    try {
      const draft = Object.assign(loadDraft(number), change);
      window.sessionStorage.setItem(draftKey(number), JSON.stringify(draft));
    } catch (e) {
      // Without storage a reload starts the question afresh; the game still works.
    }
  }

  // Forget this game's drafts, but for question `open` (none: all of them).
  function forgetDrafts(open) {
    try {
      const prefix = DRAFT_PREFIX + state.code + ":";
      const store = window.sessionStorage;
      for (let i = store.length - 1; i >= 0; i -= 1) {
        const key = store.key(i);
        if (key && key.startsWith(prefix) && key !== prefix + open) store.removeItem(key);
      }
    } catch (e) {
      // Nothing to forget.
    }
  }

  // Indexes kept in a draft that still fit `count` options, each once.
  function keptIndexes(value, count) {
    const seen = [];
    for (const i of Array.isArray(value) ? value : []) {
      if (Number.isInteger(i) && i >= 0 && i < count && !seen.includes(i)) seen.push(i);
    }
    return seen;
  }

  // ---------------------------------------------------------------- connection

  function socketUrl() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + window.location.host + "/ws";
  }

  function send(message) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function connect() {
    window.clearTimeout(state.retryTimer);
    state.retryTimer = null;
    drop();
    state.joined = false;
    let ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch (e) {
      lost();
      return;
    }
    state.ws = ws;
    ws.onopen = () => {
      state.lastFrame = Date.now();
      const join = { type: "join", v: PROTOCOL, code: state.code, name: state.name };
      if (state.token) join.token = state.token;
      ws.send(JSON.stringify(join));
      state.pingTimer = window.setInterval(keepAlive, PING_EVERY_MS);
    };
    ws.onmessage = (event) => {
      state.lastFrame = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message && typeof message === "object" && typeof message.type === "string") {
        handle(message);
      }
    };
    ws.onclose = () => {
      if (state.ws === ws) lost();
    };
    ws.onerror = () => {
      // A close event always follows; it decides what to do.
    };
  }

  // Forget the current socket without reacting to its end.
  function drop() {
    window.clearInterval(state.pingTimer);
    state.pingTimer = null;
    const ws = state.ws;
    state.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch (e) {
        // Already closed.
      }
    }
  }

  function keepAlive() {
    if (Date.now() - state.lastFrame > SILENCE_LIMIT_MS) {
      // A phone that slept or changed networks can leave a socket that never reports closing.
      drop();
      lost();
      return;
    }
    send({ type: "ping" });
  }

  function lost() {
    window.clearInterval(state.pingTimer);
    state.pingTimer = null;
    state.ws = null;
    state.joined = false;
    if (state.stopped) return;
    if (!state.token) {
      // Never got in: say so on the join form rather than retrying a wrong address forever.
      setConn("");
      joinFailed("Could not reach the game. Check your connection and try again.");
      return;
    }
    stopCountdown();
    const delay = BACKOFF_MS[Math.min(state.attempt, BACKOFF_MS.length - 1)];
    state.attempt += 1;
    setConn("Reconnecting…");
    state.retryTimer = window.setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (state.retryTimer !== null && !state.stopped) connect();
  }

  // ---------------------------------------------------------------- join screen

  function showJoin(errorText) {
    const code = $("join-code");
    const name = $("join-name");
    if (!code.value) code.value = state.code;
    if (!name.value) name.value = state.name;
    $("join-error").textContent = errorText || "";
    $("join-button").disabled = false;
    $("join-button").textContent = "Join";
    showScreen("join", false);
    if (errorText) {
      $("join-heading").focus();
    } else if (code.value && /^[0-9]{6}$/.test(code.value)) {
      name.focus();
    } else {
      code.focus();
    }
  }

  function joinFailed(text) {
    state.stopped = true;
    drop();
    showJoin(text);
  }

  function onJoinSubmit(event) {
    event.preventDefault();
    const code = $("join-code").value.replace(/\s+/g, "");
    const name = $("join-name").value.trim();
    if (!/^[0-9]{6}$/.test(code)) {
      $("join-error").textContent = "The game code is 6 digits.";
      $("join-code").focus();
      return;
    }
    if (name.length === 0 || Array.from(name).length > MAX_NAME) {
      $("join-error").textContent = ERROR_WORDS.bad_name;
      $("join-name").focus();
      return;
    }
    $("join-error").textContent = "";
    $("join-button").disabled = true;
    $("join-button").textContent = "Joining…";
    state.code = code;
    state.name = name;
    // The same name again on this device: resume that player instead of clashing with it.
    const seat = loadSeat(code);
    state.token = seat && seat.name.toLowerCase() === name.toLowerCase() ? seat.token : null;
    state.stopped = false;
    state.attempt = 0;
    connect();
  }

  // ---------------------------------------------------------------- messages

  function handle(message) {
    switch (message.type) {
      case "welcome": return onWelcome(message);
      case "lobby": return onLobby(message);
      case "question": return onQuestion(message);
      case "accepted": return onAccepted(message);
      case "progress": return onProgress(message);
      case "reveal": return onReveal(message);
      case "leaderboard": return onLeaderboard(message);
      case "end": return onEnd(message);
      case "kicked": return onKicked(message);
      case "error": return onError(message);
      default: return undefined; // pong, and types a later server may add
    }
  }

  function onWelcome(m) {
    state.joined = true;
    state.everJoined = true;
    state.attempt = 0;
    state.name = String(m.name);
    state.token = String(m.token);
    state.players = Number(m.players) || 0;
    state.phase = String(m.phase || "");
    saveSeat(state.code, state.name, state.token);
    setConn("");
    if (m.title) {
      $("game-title").textContent = String(m.title);
      document.title = String(m.title) + " · spacequiz live";
    }
    // Keep the code in the address, so a reload resumes this player.
    const url = new URL(window.location.href);
    if (url.searchParams.get("code") !== state.code) {
      url.searchParams.set("code", state.code);
      window.history.replaceState(null, "", url.pathname + url.search);
    }
    // A question, reveal or leaderboard that is on now follows in its own frame.
    showWaiting(true);
  }

  function showWaiting(focus) {
    const lobby = state.phase === "lobby" || state.phase === "";
    $("wait-heading").textContent = "You're in, " + state.name + "!";
    $("wait-text").textContent = lobby
      ? "Waiting for the teacher to start…"
      : "Waiting for the next question…";
    updatePlayers();
    showScreen("wait", focus);
  }

  function updatePlayers() {
    $("wait-players").textContent = plural(state.players, "player", "players");
  }

  function onLobby(m) {
    state.players = Number(m.players) || 0;
    state.phase = "lobby";
    updatePlayers();
  }

  // ---------------------------------------------------------------- question

  function onQuestion(q) {
    const fresh = !state.question || state.question.number !== q.number;
    state.question = q;
    state.phase = "question";
    state.sent = Boolean(q.answered);
    forgetDrafts(q.number);
    const draft = loadDraft(q.number);
    state.given = state.sent && "sent" in draft ? draft.sent : null;
    $("q-number").textContent = "Question " + q.number + " of " + q.total;
    $("q-prompt").textContent = String(q.prompt);
    $("q-error").textContent = "";
    $("q-progress").textContent = "";
    renderAnswer(q, draft);
    if (state.sent) showSent("Answer sent — waiting for the others");
    startCountdown(q.seconds);
    showScreen("question", fresh || !state.sent);
  }

  function startCountdown(seconds) {
    stopCountdown();
    const timer = $("q-timer");
    const track = $("q-bar-track");
    if (typeof seconds !== "number" || !(seconds >= 0)) {
      timer.textContent = "";
      track.hidden = true;
      return;
    }
    track.hidden = false;
    // The ticks below may come late (a busy phone); this one comes as the time runs out.
    state.countdownEnd = window.setTimeout(() => tick(), seconds * 1000);
    const total = Math.max(seconds, 1);
    const deadline = performance.now() + seconds * 1000;
    const spoken = new Set();
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
      timer.textContent = left > 0 ? left + " s" : "Time's up";
      timer.classList.toggle("urgent", left <= 5);
      // Setting a CSSOM property from this script is allowed by the page's policy.
      $("q-bar").style.transform = "scaleX(" + Math.min(1, left / total) + ")";
      // Speak only a few moments, not every second.
      for (const mark of [30, 10, 5]) {
        if (left === mark && seconds > mark && !spoken.has(mark)) {
          spoken.add(mark);
          announce(mark + " seconds left");
        }
      }
      if (left === 0) {
        stopCountdown();
        timeUp();
      }
    };
    tick();
    state.countdown = window.setInterval(tick, 250);
  }

  function stopCountdown() {
    window.clearInterval(state.countdown);
    window.clearTimeout(state.countdownEnd);
    state.countdown = null;
    state.countdownEnd = null;
  }

  // The time is up: what is ticked, placed or typed goes as the answer, as in `play`
  // (the host allows a moment for it to arrive); with nothing, there is no answer.
  function timeUp() {
    if (state.sent) return;
    const answer = state.pending ? state.pending() : null;
    if (answer !== null && submit(answer, "Time's up — your answer was sent")) {
      state.sentAtTimeUp = state.question.number;
      announce("Time's up: your answer was sent");
      return;
    }
    lockAnswer();
    announce("Time's up");
    showSent("Time's up — waiting for the answer");
  }

  function lockAnswer() {
    for (const control of $("q-answer").querySelectorAll("button, input")) {
      control.disabled = true;
    }
  }

  function unlockAnswer() {
    for (const control of $("q-answer").querySelectorAll("button, input")) {
      control.disabled = false;
    }
    const order = $("q-answer").querySelector(".order");
    if (order && order.refresh) order.refresh();
  }

  // Say where the answer stands, and show the answer sent (state.given) under it.
  function showSent(text) {
    $("q-sent-text").textContent = text;
    const shown = $("q-sent-answer");
    clear(shown);
    if (state.given !== null && state.question) {
      shown.appendChild(el("p", "label", "Your answer"));
      shown.appendChild(givenView(state.question, state.given));
    }
    shown.hidden = !shown.firstChild;
    $("q-sent").hidden = false;
    $("q-answer").hidden = true;
  }

  // The answer as the player chose it: the tile's letter, shape and text; the ticked ones;
  // the order; the typed text.
  function givenView(q, answer) {
    const options = Array.isArray(q.options) ? q.options.map(String) : [];
    const row = (i) => {
      const item = el("li", "given-item " + lookClass(i));
      item.appendChild(badge(i));
      item.appendChild(el("span", "given-text", options[i]));
      return item;
    };
    if (typeof answer === "string") {
      const typed = el("p", "given-typed", answer);
      if (q.unit) typed.appendChild(el("span", "unit", " " + String(q.unit)));
      return typed;
    }
    const picked = keptIndexes(Array.isArray(answer) ? answer : [answer], options.length);
    const list = el("ul", "given-list");
    picked.forEach((i, place) => {
      const item = row(i);
      if (q.kind === "order") {
        item.insertBefore(el("span", "given-place", place + 1 + "."), item.firstChild);
      }
      list.appendChild(item);
    });
    if (picked.length === 0) list.appendChild(el("li", "given-none", "Nothing ticked"));
    return list;
  }

  // Send an answer to the open question; false when it could not be sent.
  function submit(answer, note) {
    const q = state.question;
    if (!q || state.sent) return false;
    if (!send({ type: "answer", question: q.number, answer: answer })) {
      $("q-error").textContent = "Not connected: your answer was not sent. Try again in a moment.";
      return false;
    }
    state.sent = true;
    state.given = answer;
    keepDraft({ sent: answer });
    $("q-error").textContent = "";
    lockAnswer();
    showSent(note || "Answer sent — waiting for the others");
    return true;
  }

  function onAccepted(m) {
    if (state.question && m.question === state.question.number) {
      state.sent = true;
      showSent("Answer sent — waiting for the others");
      announce("Answer received");
    }
  }

  function onProgress(m) {
    if (state.phase !== "question") return;
    $("q-progress").textContent = m.answered + " of " + plural(m.players, "player", "players") + " answered";
  }

  function optionLabel(index) {
    return index < LETTERS.length ? LETTERS[index] : String(index + 1);
  }

  // The shape and colour names of option i of the open question, as the server sent them.
  function lookOf(index) {
    const looks = state.question && Array.isArray(state.question.looks) ? state.question.looks : [];
    const look = looks[index] || {};
    const name = (value) => (/^[a-z]+$/.test(String(value)) ? String(value) : "none");
    return { shape: name(look.shape), colour: name(look.colour) };
  }

  function lookClass(index) {
    return "look-" + lookOf(index).colour;
  }

  // Letter and shape for option i, shared by tiles, check boxes, order items and the reveal.
  function badge(index) {
    const wrap = el("span", "badge " + lookClass(index));
    const shape = el("span", "shape shape-" + lookOf(index).shape);
    shape.setAttribute("aria-hidden", "true");
    wrap.appendChild(shape);
    wrap.appendChild(el("span", "letter", optionLabel(index)));
    return wrap;
  }

  // Build the answer controls, with what `draft` kept of the player's work on them.
  function renderAnswer(q, draft) {
    const area = $("q-answer");
    clear(area);
    area.hidden = false;
    area.dataset.kind = String(q.kind);
    $("q-sent").hidden = true;
    state.pending = null;
    const options = Array.isArray(q.options) ? q.options.map(String) : [];
    switch (q.kind) {
      case "choice":
      case "truefalse":
        area.appendChild(tiles(options));
        break;
      case "multi":
        area.appendChild(checkboxes(options, keptIndexes(draft.picks, options.length)));
        break;
      case "order":
        area.appendChild(ordering(options, keptIndexes(draft.picks, options.length)));
        break;
      case "number":
        area.appendChild(field(true, q.unit, draft.text));
        break;
      case "text":
      default:
        area.appendChild(field(false, null, draft.text));
        break;
    }
  }

  function tiles(options) {
    const group = el("div", "tiles" + (options.length <= 2 ? " two" : ""));
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answers");
    options.forEach((text, i) => {
      const button = el("button", "tile " + lookClass(i));
      button.type = "button";
      button.appendChild(badge(i));
      button.appendChild(el("span", "tile-text", text));
      button.addEventListener("click", () => submit(i));
      group.appendChild(button);
    });
    return group;
  }

  function checkboxes(options, ticked) {
    const form = el("form", "multi");
    const fieldset = el("fieldset");
    fieldset.appendChild(el("legend", null, "Choose every right answer"));
    options.forEach((text, i) => {
      const label = el("label", "check " + lookClass(i));
      const box = el("input");
      box.type = "checkbox";
      box.value = String(i);
      box.checked = ticked.includes(i);
      label.appendChild(box);
      label.appendChild(badge(i));
      label.appendChild(el("span", "check-text", text));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    form.appendChild(answerBar(submitButton()));
    const chosen = () => {
      const picks = [];
      for (const box of form.querySelectorAll("input[type=checkbox]")) {
        if (box.checked) picks.push(Number(box.value));
      }
      return picks;
    };
    form.addEventListener("change", () => keepDraft({ picks: chosen() }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(chosen());
    });
    state.pending = () => (chosen().length > 0 ? chosen() : null);
    return form;
  }

  function field(isNumber, unit, typed) {
    const form = el("form", "free");
    const id = "q-field";
    const label = el("label", null, isNumber ? "Your answer (a number)" : "Your answer");
    label.htmlFor = id;
    const row = el("div", "field-row");
    const input = el("input");
    input.id = id;
    input.type = "text";
    input.maxLength = MAX_TEXT;
    input.autocomplete = "off";
    input.spellcheck = false;
    if (isNumber) input.inputMode = "decimal";
    if (typeof typed === "string") input.value = typed.slice(0, MAX_TEXT);
    input.addEventListener("input", () => keepDraft({ text: input.value }));
    row.appendChild(input);
    if (unit) {
      const unitText = el("span", "unit", String(unit));
      unitText.id = "q-unit";
      input.setAttribute("aria-describedby", "q-unit");
      row.appendChild(unitText);
    }
    form.appendChild(label);
    form.appendChild(row);
    const problem = el("p", "error");
    problem.setAttribute("role", "alert");
    form.appendChild(problem);
    form.appendChild(submitButton());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        problem.textContent = "Type an answer first.";
        input.focus();
        return;
      }
      if (isNumber && !readsAsNumber(value)) {
        // The host would mark it wrong: ask again, as `play` does.
        problem.textContent = "Type a number in digits, e.g. 42 or 3,000.";
        input.focus();
        return;
      }
      problem.textContent = "";
      submit(value.slice(0, MAX_TEXT));
    });
    state.pending = () => {
      const value = input.value.trim();
      if (!value || (isNumber && !readsAsNumber(value))) return null;
      return value.slice(0, MAX_TEXT);
    };
    return form;
  }

  function ordering(options, placed) {
    const box = el("div", "order");
    const sequence = placed.slice();
    box.appendChild(el("p", "help", "Tap the items in order, first one first."));
    const pool = el("div", "order-pool");
    pool.setAttribute("role", "group");
    pool.setAttribute("aria-label", "Items to place");
    const chosenHeading = el("p", "order-heading", "Your order");
    chosenHeading.id = "order-heading";
    const list = el("ol", "order-list");
    list.setAttribute("aria-labelledby", "order-heading");
    const status = el("p", "order-status");
    status.setAttribute("aria-live", "polite");
    const tools = el("div", "order-tools");
    const undo = el("button", "secondary", "Undo");
    undo.type = "button";
    const reset = el("button", "secondary", "Clear");
    reset.type = "button";
    const go = submitButton();
    go.type = "button";
    tools.appendChild(undo);
    tools.appendChild(reset);
    tools.appendChild(go);

    const buttons = options.map((text, i) => {
      const button = el("button", "order-item " + lookClass(i));
      button.type = "button";
      button.appendChild(badge(i));
      button.appendChild(el("span", "tile-text", text));
      button.addEventListener("click", () => {
        if (sequence.includes(i)) return;
        sequence.push(i);
        refresh();
        status.textContent = ordinal(sequence.length) + ": " + text;
        const next = buttons.find((b, j) => !sequence.includes(j));
        (next || go).focus();
      });
      pool.appendChild(button);
      return button;
    });

    function refresh() {
      clear(list);
      for (const i of sequence) {
        const item = el("li", "order-chosen");
        item.appendChild(badge(i));
        item.appendChild(el("span", null, options[i]));
        list.appendChild(item);
      }
      if (sequence.length === 0) list.appendChild(el("li", "order-empty", "Nothing placed yet"));
      buttons.forEach((b, j) => {
        b.hidden = sequence.includes(j);
      });
      const locked = state.sent;
      undo.disabled = locked || sequence.length === 0;
      reset.disabled = locked || sequence.length === 0;
      go.disabled = locked || sequence.length !== options.length;
      if (!locked) keepDraft({ picks: sequence.slice() });
    }
    box.refresh = refresh;
    // At time-up the items placed so far count, then the rest as shown, as in `play`.
    state.pending = () => {
      if (sequence.length === 0) return null;
      const rest = options.map((text, i) => i).filter((i) => !sequence.includes(i));
      return sequence.concat(rest);
    };

    undo.addEventListener("click", () => {
      const last = sequence.pop();
      refresh();
      status.textContent = last === undefined ? "" : "Took back " + options[last];
      (buttons[last] || undo).focus();
    });
    reset.addEventListener("click", () => {
      sequence.length = 0;
      refresh();
      status.textContent = "Cleared";
      if (buttons[0]) buttons[0].focus();
    });
    go.addEventListener("click", () => {
      if (sequence.length === options.length) submit(sequence.slice());
    });

    box.appendChild(pool);
    box.appendChild(chosenHeading);
    box.appendChild(list);
    box.appendChild(status);
    box.appendChild(answerBar(tools));
    refresh();
    return box;
  }

  function submitButton() {
    const button = el("button", "primary", "Submit");
    button.type = "submit";
    return button;
  }

  // The buttons under a list of options, kept in sight at the foot of a small screen.
  function answerBar(content) {
    const bar = el("div", "answer-bar");
    bar.appendChild(content);
    return bar;
  }

  // ---------------------------------------------------------------- reveal, leaderboard, end

  function onReveal(m) {
    stopCountdown();
    forgetDrafts(null);
    state.phase = "reveal";
    const you = m.you || {};
    const credit = Number(you.credit) || 0;
    let mark;
    let words;
    let tone;
    if (you.correct === true) {
      mark = "✔"; words = "Right!"; tone = "right";
    } else if (credit > 0) {
      mark = "◐"; words = "Partly right"; tone = "partly";
    } else if (you.given === null || you.given === undefined) {
      mark = "✘"; words = "No answer"; tone = "wrong";
    } else {
      mark = "✘"; words = "Wrong"; tone = "wrong";
    }
    const verdict = $("r-verdict");
    verdict.classList.remove("right", "partly", "wrong");
    verdict.classList.add(tone);
    $("r-mark").textContent = mark;
    $("r-verdict-text").textContent = words;
    const points = Number(you.points) || 0;
    $("r-points").textContent = "+" + plural(points, "point", "points");
    $("r-score").textContent = you.score === undefined ? "–" : String(you.score);
    $("r-streak").textContent = you.streak === undefined ? "–" : String(you.streak);
    $("r-rank").textContent = you.rank === undefined ? "–" : String(you.rank);
    // An answer sent at time-up may hold what the player never placed: say how it went.
    const given = state.sentAtTimeUp === m.number
      ? "Your answer, sent as the time ran out: "
      : "Your answer: ";
    $("r-given").textContent =
      you.given === null || you.given === undefined ? "" : given + String(you.given);
    $("r-answer").textContent = String(m.answer === undefined ? "" : m.answer);
    $("r-explanation").textContent = m.explanation ? String(m.explanation) : "";
    renderCounts(m);
    showScreen("reveal", true);
  }

  function renderCounts(m) {
    const list = $("r-counts");
    clear(list);
    const q = state.question;
    const counts = Array.isArray(m.counts) ? m.counts : [];
    if (!q || q.number !== m.number || !Array.isArray(q.options) || q.kind === "order") {
      list.hidden = true;
      return;
    }
    const right = new Set(Array.isArray(m.correct) ? m.correct : []);
    q.options.forEach((text, i) => {
      const item = el("li", "count" + (right.has(i) ? " is-right" : ""));
      item.appendChild(badge(i));
      item.appendChild(el("span", "count-text", String(text)));
      const n = Number(counts[i]) || 0;
      const tally = el("span", "count-n");
      if (right.has(i)) {
        const tick = el("span", "tick", "✔ ");
        tick.setAttribute("aria-hidden", "true");
        tally.appendChild(tick);
        tally.appendChild(el("span", "visually-hidden", "right answer, "));
      }
      tally.appendChild(el("span", null, n));
      tally.appendChild(el("span", "visually-hidden", n === 1 ? " player" : " players"));
      item.appendChild(tally);
      list.appendChild(item);
    });
    list.hidden = q.options.length === 0;
  }

  function movementText(movement) {
    const n = Number(movement);
    if (!Number.isFinite(n) || n === 0) return null;
    return n > 0 ? ["▲" + n, "up " + n] : ["▼" + -n, "down " + -n];
  }

  function onLeaderboard(m) {
    stopCountdown();
    forgetDrafts(null);
    state.phase = "leaderboard";
    const list = $("board-list");
    clear(list);
    for (const row of Array.isArray(m.top) ? m.top : []) {
      const item = el("li", "board-row" + (m.you && row.name === m.you.name ? " me" : ""));
      item.appendChild(el("span", "rank", row.rank));
      item.appendChild(el("span", "who", row.name));
      const move = movementText(row.movement);
      if (move) {
        const arrow = el("span", "move " + (Number(row.movement) > 0 ? "up" : "down"), move[0]);
        arrow.setAttribute("aria-label", move[1]);
        arrow.setAttribute("role", "img");
        item.appendChild(arrow);
      }
      item.appendChild(el("span", "score", row.score));
      list.appendChild(item);
    }
    $("board-you").textContent = m.you
      ? "You: rank " + m.you.rank + ", score " + m.you.score
      : "";
    showScreen("board", true);
  }

  function onEnd(m) {
    stopCountdown();
    forgetDrafts(null);
    state.phase = "end";
    state.stopped = true; // the game is over: a closed socket now needs no reconnect
    const podium = $("end-podium");
    clear(podium);
    for (const row of Array.isArray(m.podium) ? m.podium : []) {
      const item = el("li", "step step-" + row.rank + (m.you && row.name === m.you.name ? " me" : ""));
      item.appendChild(el("span", "place", ordinal(Number(row.rank))));
      item.appendChild(el("span", "who", row.name));
      item.appendChild(el("span", "score", plural(Number(row.score), "point", "points")));
      podium.appendChild(item);
    }
    $("end-you").textContent = m.you
      ? "You finished " + ordinal(Number(m.you.rank)) + " with " + plural(Number(m.you.score), "point", "points") + "."
      : "";
    setConn("");
    showScreen("end", true);
  }

  function onKicked(m) {
    stopCountdown();
    state.stopped = true;
    forgetSeat(state.code);
    drop();
    setConn("");
    $("kicked-message").textContent = m.message ? String(m.message) : "The teacher removed you from the game.";
    showScreen("kicked", true);
  }

  function onError(m) {
    const code = String(m.code || "");
    const words = ERROR_WORDS[code] || (m.message ? String(m.message) : "Something went wrong.");
    if (FATAL.has(code)) {
      const resuming = Boolean(state.token);
      if (resuming && code === "name_taken" && state.attempt < BACKOFF_MS.length) {
        // The server may not yet have noticed our old connection drop: try again shortly.
        return;
      }
      if (code === "bad_token" || code === "bad_code" || code === "name_taken") {
        forgetSeat(state.code);
      }
      state.token = null;
      setConn("");
      joinFailed(words);
      return;
    }
    if (state.phase === "question") {
      if (code === "already_answered" || code === "late" || code === "not_open") {
        state.sent = true;
        if (code !== "already_answered") state.given = null; // it did not count: do not show it
        showSent(code === "already_answered" ? "Answer sent — waiting for the others" : "Waiting for the answer…");
      } else if (state.sent) {
        // The answer was refused: let the player try again.
        state.sent = false;
        state.given = null;
        keepDraft({ sent: undefined });
        $("q-answer").hidden = false;
        $("q-sent").hidden = true;
        unlockAnswer();
      }
      $("q-error").textContent = words;
    } else {
      announce(words);
    }
  }

  // ---------------------------------------------------------------- start

  function start() {
    $("join-form").addEventListener("submit", onJoinSubmit);
    const params = new URLSearchParams(window.location.search);
    const code = (params.get("code") || "").replace(/\s+/g, "");
    if (/^[0-9]{6}$/.test(code)) {
      state.code = code;
      $("join-code").value = code;
      const seat = loadSeat(code);
      if (seat) {
        // This device already has a seat in this game: take it again.
        state.name = seat.name;
        state.token = seat.token;
        $("join-name").value = seat.name;
        $("wait-heading").textContent = "Welcome back, " + seat.name;
        $("wait-text").textContent = "Rejoining the game…";
        $("wait-players").textContent = "";
        showScreen("wait", false);
        connect();
        return;
      }
    }
    showJoin("");
  }

  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconnectNow();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
