/* Exercising along: leads the patient through the sets of one exercise.
 *
 * Repetitions are paced by the player at the tempo the patient chose (a tone and a count per
 * repetition, so nobody on hands and knees needs to tap), or counted with a big button (one
 * tap after each repetition) when the patient prefers; holds, rests and minutes are counted
 * down. The tempos come from today/player.py (TEMPOS); the choice is remembered on this
 * device. A tap on the big button or the dial, or Space, pauses. Signals: a short tone (Web Audio API, no sound files) and
 * a vibration (navigator.vibrate) where the device allows; every change of step is said in
 * an aria-live region. All controls are real buttons, so the keyboard works as usual.
 *
 * The screen is kept awake with the Wake Lock API where the browser has it. When the
 * screen locks all the same, the browser may pause this script: the countdowns use the
 * clock, so they are right again when the patient comes back, but a signal may be missed.
 *
 * Without this script the page still has the steps, the dosage and a plain "Klaar" button
 * (the form #done-form), which is also what the player submits at the end.
 */
(function () {
  "use strict";

  var card = document.getElementById("player");
  var configNode = document.getElementById("player-config");
  var textsNode = document.getElementById("player-texts");
  if (!card || !configNode || !textsNode) return;

  var config = JSON.parse(configNode.textContent);
  var texts = JSON.parse(textsNode.textContent);
  var root = card.querySelector("[data-player]");
  var ui = {
    where: root.querySelector("[data-where]"),
    big: root.querySelector("[data-big]"),
    say: root.querySelector("[data-say]"),
    main: root.querySelector("[data-main]"),
    second: root.querySelector("[data-second]"),
    stop: root.querySelector("[data-stop]"),
    sound: root.querySelector("[data-sound]"),
    ring: root.querySelector("[data-ring]"),
    count: root.querySelector("[data-count]"),
    dial: root.querySelector(".player-dial"),
    tempo: root.querySelector("[data-tempo]"),
  };
  var initial = {
    where: ui.where.textContent,
    big: ui.big.textContent,
    main: ui.main.textContent,
  };
  var READY_SECONDS = 5;
  var SWITCH_SECONDS = 5;
  var SOUND_KEY = "ruggensteun.player.sound";
  var TEMPO_KEY = "ruggensteun.player.tempo";
  var SELF = "self";
  var RING = 2 * Math.PI * 52;

  function t(key, values) {
    return texts[key].replace(/%\((\w+)\)s/g, function (match, name) {
      return values && name in values ? String(values[name]) : match;
    });
  }

  // --- the steps -------------------------------------------------------------------------

  var timed = config.kind !== "reps";
  var sides = config.perSide ? ["left", "right"] : [null];
  // Paced: the player counts the repetitions itself, every perRep seconds.
  var paced = false;
  var perRep = 0;

  function workSeconds() {
    if (timed) return config.seconds;
    return paced ? config.reps * perRep : null;
  }

  function buildSteps() {
    var steps = [];
    var counted = timed || paced;
    for (var set = 1; set <= config.sets; set++) {
      for (var i = 0; i < sides.length; i++) {
        if (counted && set === 1 && i === 0) {
          steps.push({ type: "ready", seconds: READY_SECONDS, set: set, side: sides[i] });
        } else if (counted && i > 0) {
          steps.push({ type: "switch", seconds: SWITCH_SECONDS, set: set, side: sides[i] });
        }
        steps.push({ type: "work", seconds: workSeconds(), set: set, side: sides[i], switched: i > 0 });
      }
      if (set < config.sets) {
        if (config.rest > 0) {
          steps.push({ type: "rest", seconds: config.rest, set: set + 1, side: sides[0] });
        } else if (counted) {
          steps.push({ type: "ready", seconds: 3, set: set + 1, side: sides[0] });
        }
      }
    }
    return steps;
  }

  var steps = buildSteps();
  var index = -1;
  var reps = 0;
  var endAt = 0;
  var remainingWhenPaused = 0;
  var paused = false;
  var shown = -1;
  var timer = null;

  // --- sound, vibration and keeping the screen on ----------------------------------------

  var audio = null;
  var soundOn = true;
  try {
    soundOn = window.localStorage.getItem(SOUND_KEY) !== "off";
  } catch (error) {
    soundOn = true;
  }

  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) {
      try {
        audio = new Context();
      } catch (error) {
        audio = null;
        return;
      }
    }
    if (audio.state === "suspended") audio.resume();
  }

  function tone(frequency, seconds, delay) {
    if (!soundOn || !audio) return;
    var start = audio.currentTime + (delay || 0);
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + seconds + 0.05);
  }

  function vibrate(pattern) {
    if (navigator.vibrate) {
      try {
        navigator.vibrate(pattern);
      } catch (error) {
        /* not allowed here: the tone and the text remain */
      }
    }
  }

  var signals = {
    countdown: function () { tone(660, 0.08); },
    begin: function () { tone(880, 0.25); vibrate(200); },
    end: function () { tone(880, 0.15); tone(1175, 0.3, 0.18); vibrate([200, 100, 200]); },
    rep: function () { tone(990, 0.06); vibrate(30); },
    finished: function () {
      tone(660, 0.15); tone(880, 0.15, 0.17); tone(1320, 0.4, 0.34);
      vibrate([100, 60, 100, 60, 300]);
    },
  };

  var wakeLock = null;

  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { wakeLock = null; });
  }

  function letSleep() {
    if (wakeLock) {
      wakeLock.release().catch(function () {});
      wakeLock = null;
    }
  }

  // --- showing a step --------------------------------------------------------------------

  function where(step) {
    var words = config.sets > 1 ? t("setOf", { set: step.set, sets: config.sets }) : "";
    if (step.side) words += (words ? " · " : "") + t(step.side);
    return words;
  }

  function clock(seconds) {
    if (seconds < 60) return String(seconds);
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function ring(fraction) {
    ui.ring.style.strokeDasharray = String(RING);
    ui.ring.style.strokeDashoffset = String(RING * (1 - Math.max(0, Math.min(1, fraction))));
  }

  function button(node, label, visible) {
    node.textContent = label || "";
    node.hidden = !visible;
  }

  function keepFocus() {
    var active = document.activeElement;
    if (active && root.contains(active) && active.hidden) ui.main.focus();
  }

  function announce(words) {
    ui.say.textContent = words;
  }

  function showWork(step) {
    root.dataset.phase = "work";
    ui.where.textContent = where(step);
    if (paced) {
      var paceWords = t("pacedAnnounce", { reps: config.reps });
      announce(step.switched ? t("switchSideAnnounce") + " " + paceWords : paceWords);
      ui.count.textContent = "";
      button(ui.main, t("pause"), true);
      button(ui.second, t("skip"), true);
    } else if (timed) {
      if (config.kind === "hold") {
        announce(t("holdAnnounce", { seconds: step.seconds }));
      } else {
        announce(t("keepGoingAnnounce", { minutes: Math.round(step.seconds / 60) }));
      }
      button(ui.main, t("pause"), true);
      button(ui.second, t("skip"), true);
    } else {
      var words = t("repsAnnounce", { reps: config.reps });
      announce(step.switched ? t("switchSideAnnounce") + " " + words : words);
      showReps();
      button(ui.main, t("repDone"), true);
      button(ui.second, t("setDone"), true);
    }
  }

  function showReps() {
    ui.big.textContent = reps + "/" + config.reps;
    ui.count.textContent = reps ? t("repsCount", { done: reps, total: config.reps }) : "";
    ring(reps / config.reps);
  }

  // The count is said now and then, not at every tone: a screen reader that reads out
  // every repetition talks over the next one.
  function showPaced() {
    ui.big.textContent = reps + "/" + config.reps;
    if (reps === config.reps && reps > 1) {
      ui.count.textContent = t("pacedLast");
    } else if (reps % 5 === 0) {
      ui.count.textContent = t("repsCount", { done: reps, total: config.reps });
    }
  }

  function updatePaced(step) {
    var total = step.seconds * 1000;
    var left = Math.max(0, endAt - Date.now());
    if (left === 0) {
      signals.end();
      go(index + 1);
      return;
    }
    var elapsed = total - left;
    var now = Math.min(config.reps, Math.floor(elapsed / (perRep * 1000)) + 1);
    ring(elapsed / total);
    if (now !== reps) {
      reps = now;
      if (reps === 1) signals.begin(); else signals.rep();
      showPaced();
    }
  }

  function showTimed(step) {
    root.dataset.phase = step.type;
    ui.where.textContent = where(step);
    if (step.type === "ready") {
      announce(t("getReadyAnnounce", { seconds: step.seconds }));
    } else if (step.type === "switch") {
      announce(t("switchSideAnnounce"));
    } else if (step.type === "rest") {
      announce(t("restAnnounce", { seconds: step.seconds }));
    }
    button(ui.main, t("pause"), true);
    button(ui.second, t("skip"), true);
  }

  // --- moving through the steps ----------------------------------------------------------

  function go(next) {
    stopTimer();
    index = next;
    if (index >= steps.length) {
      finish();
      return;
    }
    var step = steps[index];
    paused = false;
    shown = -1;
    if (step.type === "work") {
      reps = 0;
      showWork(step);
      if (!paced) signals.begin();
    } else {
      showTimed(step);
    }
    if (step.seconds) {
      endAt = Date.now() + step.seconds * 1000;
      startTimer();
    }
    keepFocus();
  }

  function startTimer() {
    stopTimer();
    update();
    // A paced repetition may be shorter than a second (the browser tests' fast tempo).
    var every = paced ? Math.max(20, Math.min(200, perRep * 250)) : 200;
    timer = window.setInterval(update, every);
  }

  function stopTimer() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  function update() {
    var step = steps[index];
    if (!step || !step.seconds || paused) return;
    if (step.type === "work" && paced) {
      updatePaced(step);
      return;
    }
    var left = Math.max(0, Math.ceil((endAt - Date.now()) / 1000));
    if (left !== shown) {
      shown = left;
      ui.big.textContent = clock(left);
      ring(left / step.seconds);
      if (left > 0 && left <= 3) signals.countdown();
      if (step.type === "work" && step.seconds >= 20 && left === 10) {
        announce(t("secondsLeft", { seconds: 10 }));
      }
    }
    if (left === 0) {
      if (step.type === "work") signals.end();
      go(index + 1);
    }
  }

  function finish() {
    stopTimer();
    letSleep();
    index = steps.length;
    root.dataset.phase = "done";
    ui.where.textContent = "";
    ui.big.textContent = "✓";
    ring(1);
    signals.finished();
    var form = document.getElementById("done-form");
    if (form) {
      announce(t("finished") + " " + t("finishedHint"));
      button(ui.main, form.querySelector("button[type=submit]").textContent, true);
    } else {
      announce(t("finished") + " " + t("saved"));
      button(ui.main, "", false);
    }
    button(ui.second, t("again"), true);
    ui.stop.hidden = true;
    if (form) ui.main.focus(); else ui.second.focus();
  }

  function chosenTempo() {
    if (!ui.tempo) return null;
    var checked = ui.tempo.querySelector("input:checked");
    return checked || null;
  }

  function start() {
    var tempo = chosenTempo();
    paced = !timed && tempo !== null && tempo.value !== SELF;
    // Browser tests set data-test-seconds-per-rep for a fast tempo rather than wait.
    perRep = paced ? Number(root.dataset.testSecondsPerRep || tempo.dataset.seconds) : 0;
    steps = buildSteps();
    if (ui.tempo) ui.tempo.hidden = true;
    unlockAudio();
    keepAwake();
    ui.stop.hidden = false;
    go(0);
  }

  function stop() {
    stopTimer();
    letSleep();
    index = -1;
    delete root.dataset.phase;
    ui.where.textContent = initial.where;
    ui.big.textContent = initial.big;
    ring(0);
    announce(t("stopped"));
    button(ui.main, initial.main, true);
    button(ui.second, "", false);
    ui.stop.hidden = true;
    if (ui.tempo) ui.tempo.hidden = false;
    ui.main.focus();
  }

  function togglePause() {
    if (paused) {
      paused = false;
      endAt = Date.now() + remainingWhenPaused;
      button(ui.main, t("pause"), true);
      announce(ui.where.textContent);
      startTimer();
    } else {
      paused = true;
      remainingWhenPaused = Math.max(0, endAt - Date.now());
      stopTimer();
      button(ui.main, t("resume"), true);
      announce(t("paused"));
    }
  }

  ui.main.addEventListener("click", function () {
    if (index < 0) {
      start();
      return;
    }
    if (index >= steps.length) {
      var form = document.getElementById("done-form");
      if (form) {
        ui.main.disabled = true;
        form.requestSubmit();
      }
      return;
    }
    var step = steps[index];
    if (step.type === "work" && !timed && !paced) {
      reps += 1;
      signals.rep();
      showReps();
      if (reps >= config.reps) {
        signals.end();
        go(index + 1);
      }
      return;
    }
    togglePause();
  });

  ui.second.addEventListener("click", function () {
    if (index >= steps.length) {
      start();
      return;
    }
    if (index >= 0) go(index + 1);
  });

  ui.stop.addEventListener("click", stop);

  function running() {
    return index >= 0 && index < steps.length;
  }

  // The dial is a big target for a hand on the floor; Space works from anywhere on the page
  // but a control, which handles Space itself.
  ui.dial.addEventListener("click", function () {
    if (running()) ui.main.click();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !running() || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("button, a, input, select, textarea, summary, [contenteditable]")) return;
    event.preventDefault();
    ui.main.click();
  });

  if (ui.tempo) {
    try {
      var stored = window.localStorage.getItem(TEMPO_KEY);
      var choice = stored && ui.tempo.querySelector("input[value='" + stored.replace(/[^a-z]/g, "") + "']");
      if (choice) choice.checked = true;
    } catch (error) {
      /* no storage: the default tempo */
    }
    ui.tempo.addEventListener("change", function (event) {
      try {
        window.localStorage.setItem(TEMPO_KEY, event.target.value);
      } catch (error) {
        /* private mode: the choice lasts for this page */
      }
    });
  }

  function showSound() {
    ui.sound.textContent = soundOn ? t("soundOn") : t("soundOff");
    ui.sound.setAttribute("aria-pressed", soundOn ? "true" : "false");
  }

  ui.sound.addEventListener("click", function () {
    soundOn = !soundOn;
    try {
      window.localStorage.setItem(SOUND_KEY, soundOn ? "on" : "off");
    } catch (error) {
      /* private mode: the choice lasts for this page */
    }
    if (soundOn) unlockAudio();
    showSound();
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    if (index >= 0 && index < steps.length) {
      keepAwake();
      update();
    }
  });

  showSound();
  ring(0);
  card.hidden = false;
})();
