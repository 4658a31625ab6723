// carepath explorer page: reads the data carepath embedded, the profile from the URL fragment,
// and shows that profile's part of the pathway. It builds the page with textContent and
// setAttribute only (never innerHTML), and looks ids up in Maps and arrays (never as object
// keys), so no string of the pathway can become markup or code. Contract: docs/explorer.md.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('carepath-data').textContent);
  var factors = data.factors;
  var nodes = data.nodes;
  var nodeIndex = new Map();
  nodes.forEach(function (n, i) { if (!nodeIndex.has(n.id)) nodeIndex.set(n.id, i); });
  var includes = new Map();
  data.includes.forEach(function (entry) { includes.set(entry[0], entry[1]); });
  var controls = factors.map(function (f, i) { return document.getElementById('factor-' + i); });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.setAttribute('class', cls);
    return e;
  }
  // A string of the pathway, its direction isolated from the text around it.
  function str(text, cls) { return el('bdi', text, cls); }
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }

  // ---- values and the fragment ----
  function parseValue(f, raw) {
    if (f.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
    if (f.type === 'enum') return f.values.indexOf(raw) >= 0 ? raw : undefined;
    if (!/^-?[0-9]{1,15}$/.test(raw)) return undefined;
    var n = Number(raw);
    if ((f.min !== null && n < f.min) || (f.max !== null && n > f.max)) return undefined;
    return n;
  }
  function decode(s) {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; }
  }
  function factorIndex(id) {
    for (var i = 0; i < factors.length; i++) if (factors[i].id === id) return i;
    return -1;
  }
  function readFragment() {
    var profile = factors.map(function () { return undefined; });
    var ignored = [];
    var hash = location.hash.replace(/^#/, '');
    hash.split('&').forEach(function (item) {
      if (!item) return;
      var eq = item.indexOf('=');
      var key = decode(eq < 0 ? item : item.slice(0, eq));
      var raw = eq < 0 ? '' : decode(item.slice(eq + 1));
      var i = factorIndex(key);
      if (i < 0) { ignored.push({ key: key }); return; }
      if (raw === '') return;
      var v = parseValue(factors[i], raw);
      if (v === undefined) ignored.push({ key: key, value: raw }); else profile[i] = v;
    });
    return { profile: profile, ignored: ignored };
  }
  function fragmentOf(profile) {
    var parts = [];
    factors.forEach(function (f, i) {
      if (profile[i] !== undefined) parts.push(encodeURIComponent(f.id) + '=' + encodeURIComponent(String(profile[i])));
    });
    return parts.join('&');
  }
  function profileFromControls() {
    return factors.map(function (f, i) {
      var raw = controls[i].value.trim();
      return raw === '' ? undefined : parseValue(f, raw);
    });
  }

  // ---- sets of patients: a list of boxes, each a list of [factor, allowed values] ----
  function allows(box, profile) {
    return box.every(function (entry) {
      var f = factors[entry[0]], allowed = entry[1], v = profile[entry[0]];
      if (v === undefined) return true;
      if (f.type === 'integer') {
        return allowed.some(function (r) { return (r[0] === null || v >= r[0]) && (r[1] === null || v <= r[1]); });
      }
      return allowed.indexOf(v) >= 0;
    });
  }
  function meets(set, profile) { return set.some(function (box) { return allows(box, profile); }); }
  // The factors a set constrains that the profile leaves open.
  function openFactors(sets, profile, out) {
    sets.forEach(function (set) {
      set.forEach(function (box) {
        box.forEach(function (entry) { if (profile[entry[0]] === undefined) out.add(entry[0]); });
      });
    });
    return out;
  }

  // ---- figures in words (as carepath writes them: bounds rounded outwards) ----
  function percentDown(x) {
    var v = Math.max(0, Math.floor(x * 100 + 1e-9));
    return v < 1 && x > 1e-9 ? 'under 1%' : v + '%';
  }
  function percentUp(x) {
    var v = Math.min(100, Math.max(0, Math.ceil(x * 100 - 1e-9)));
    return v < 1 && x > 1e-9 ? 'under 1%' : v + '%';
  }
  function chanceWords(low, high) {
    if (high > 1e-9 && high < 0.01) return 'under 1%';
    var lo = percentDown(low), hi = percentUp(high);
    if (low > 1e-9 && low < 0.01) return 'up to ' + hi;
    return lo === hi ? lo : lo.replace(/%$/, '') + '\u2013' + hi;
  }
  function numberText(x) { return x.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''); }
  // Months as carepath writes them: months below three years, years from there.
  function monthsText(min, max) {
    var unit = 'month';
    if (max >= 36) { min /= 12; max /= 12; unit = 'year'; }
    var a = numberText(min), b = numberText(max), range = a === b ? a : a + '\u2013' + b;
    return range + ' ' + unit + (range === '1' ? '' : 's');
  }
  function joinWords(parts, word) {
    if (parts.length <= 1) return parts.join('');
    if (parts.length === 2 && word === 'or') return parts[0] + ' or ' + parts[1];
    return parts.slice(0, -1).join(', ') + ', ' + word + ' ' + parts[parts.length - 1];
  }

  // ---- showing a profile ----
  function showChart(matching, profile) {
    var onNodes = new Set(), onEdges = new Set();
    matching.forEach(function (p) {
      p.steps.forEach(function (s) { onNodes.add(s); });
      p.edges.forEach(function (e) { onEdges.add(e); });
    });
    document.querySelectorAll('#chart svg [data-node]').forEach(function (g) {
      var i = nodeIndex.get(g.getAttribute('data-node'));
      var on = i !== undefined && onNodes.has(i);
      g.classList.toggle('on', on);
      g.classList.toggle('off', !on);
    });
    document.querySelectorAll('#chart svg [data-edge]').forEach(function (e) {
      var on = onEdges.has(Number(e.getAttribute('data-edge')));
      e.classList.toggle('on', on);
      e.classList.toggle('off', !on);
    });
    // A listed treatment fades on its own only inside a highlighted node (a faded node fades whole).
    document.querySelectorAll('#chart svg [data-includes]').forEach(function (line) {
      var node = line.closest('[data-node]');
      var edges = line.getAttribute('data-includes').split(' ').map(Number);
      var applies = edges.some(function (e) { return !includes.has(e) || meets(includes.get(e), profile); });
      line.classList.toggle('off', !applies && !(node && node.classList.contains('off')));
    });
  }

  function showCount(matching, profile) {
    document.getElementById('path-count').textContent = String(matching.length);
    document.getElementById('path-noun').textContent = matching.length === 1 ? 'path matches' : 'paths match';
    var chosen = [];
    factors.forEach(function (f, i) {
      if (profile[i] === undefined) return;
      chosen.push(f.type === 'integer' ? f.name + ' ' + profile[i] + (f.unit ? ' ' + f.unit : '') : f.words[f.values.indexOf(String(profile[i]))]);
    });
    var who = document.getElementById('profile-words');
    who.textContent = '';
    if (chosen.length === 0) append(who, 'Every patient: nothing is chosen yet.');
    else append(who, 'Chosen: ', str(joinWords(chosen, 'and')), '.');
    document.getElementById('more-paths').hidden = !data.more_paths;
  }

  function showOutcomes(profile) {
    var box = document.getElementById('outcome-figures');
    box.textContent = '';
    if (data.outcomes.length === 0) {
      append(box, el('p', data.outcomes_note || 'The pathway gives no outcome figures.'));
      return;
    }
    var groups = data.outcomes.filter(function (g) { return meets(g.patients, profile); });
    if (groups.length === 0) {
      append(box, el('p', 'No patient class matches this profile.'));
      return;
    }
    var table = el('table');
    var head = append(el('tr'), el('th', 'Final outcome'), el('th', 'Chance of ending there'));
    head.firstChild.setAttribute('scope', 'col');
    head.lastChild.setAttribute('scope', 'col');
    append(table, append(el('thead'), head));
    var body = el('tbody');
    // Every final outcome some group can reach; a group that cannot reach one has 0% there.
    var ends = [];
    groups.forEach(function (g) { g.terminals.forEach(function (t) { if (ends.indexOf(t.node) < 0) ends.push(t.node); }); });
    ends.forEach(function (end) {
      var figures = groups.map(function (g) {
        return g.terminals.find(function (t) { return t.node === end; }) || { low: 0, high: 0, approximate: false, words: '0%' };
      });
      var same = figures.every(function (t) { return t.words === figures[0].words; });
      var text = figures[0].words;
      if (!same) {
        var low = Math.min.apply(null, figures.map(function (t) { return t.low; }));
        var high = Math.max.apply(null, figures.map(function (t) { return t.high; }));
        text = chanceWords(low, high);
        if (figures.some(function (t) { return t.approximate; })) text += ', worked out from approximate figures';
        text += ', depending on the patient';
      }
      var name = el('th');
      name.setAttribute('scope', 'row');
      append(name, str(nodes[end].label, 'node-label'));
      append(body, append(el('tr'), name, el('td', text)));
    });
    var time = groups[0].time;
    if (!groups.every(function (g) { return g.time === time; })) {
      // Different groups, different times: the bounds over them, in months.
      var lows = groups.map(function (g) { return g.time_low; });
      var highs = groups.map(function (g) { return g.time_high; });
      if (lows.some(function (x) { return x === null; })) time = 'not known for every patient';
      else if (highs.some(function (x) { return x === null; })) time = 'at least ' + monthsText(Math.min.apply(null, lows), Math.min.apply(null, lows));
      else time = monthsText(Math.min.apply(null, lows), Math.max.apply(null, highs));
      if (groups.some(function (g) { return g.time_approximate; })) time += ', worked out from approximate figures';
      time += ', depending on the patient';
    }
    var timeHead = el('th', 'Time on treatment (expected)');
    timeHead.setAttribute('scope', 'row');
    append(body, append(el('tr'), timeHead, el('td', time)));
    append(table, body);
    append(box, table);
    if (groups.length > 1) {
      var open = Array.from(openFactors(groups.map(function (g) { return g.patients; }), profile, new Set()));
      open.sort(function (a, b) { return a - b; });
      var names = open.map(function (f) { return factors[f].label; });
      var p = el('p', null, 'depends');
      append(p, 'These figures depend on what is not chosen yet' + (names.length ? ': ' : '.'));
      if (names.length) append(p, str(joinWords(names, 'and')), '.');
      append(p, ' ' + groups.length + ' groups of patients have different figures; choose more to narrow them.');
      append(box, p);
      var details = el('details');
      append(details, el('summary', 'The figures of each group'));
      groups.forEach(function (g) {
        var d = el('div', null, 'outcome-group');
        append(d, append(el('p'), 'For patients with ', str(g.who), ':'));
        var ul = el('ul');
        g.terminals.forEach(function (t) {
          append(ul, append(el('li'), str(nodes[t.node].label, 'node-label'), ': ' + t.words));
        });
        append(ul, el('li', 'Time on treatment: ' + g.time));
        append(d, ul);
        append(details, d);
      });
      append(box, details);
    }
    var caveats = [];
    groups.forEach(function (g) { g.caveats.forEach(function (c) { if (caveats.indexOf(c) < 0) caveats.push(c); }); });
    if (caveats.length) {
      append(box, el('h3', 'What these figures leave out'));
      var ul = el('ul');
      caveats.forEach(function (c) { append(ul, append(el('li'), str(c))); });
      append(box, ul);
    }
  }

  function showPaths(matching) {
    var list = document.getElementById('path-list');
    list.textContent = '';
    if (matching.length === 0) {
      append(list, el('p', 'No path matches this profile.'));
      return;
    }
    var order = [], byOutcome = new Map();
    matching.forEach(function (p) {
      var end = p.steps[p.steps.length - 1];
      if (!byOutcome.has(end)) { byOutcome.set(end, []); order.push(end); }
      byOutcome.get(end).push(p);
    });
    order.forEach(function (end) {
      var paths = byOutcome.get(end), node = nodes[end];
      var section = el('section');
      var h = el('h3');
      append(h, str(node.label, 'node-label'));
      append(h, ': ' + paths.length + (paths.length === 1 ? ' path' : ' paths'));
      append(section, h);
      var ul = el('ul', null, 'paths-list');
      paths.forEach(function (p) {
        var li = el('li', null, 'path');
        li.setAttribute('data-path', String(p.n));
        append(li, el('p', 'Path ' + p.n, 'path-head'));
        var steps = el('ol', null, 'steps');
        steps.setAttribute('aria-label', 'Steps of path ' + p.n);
        p.steps.forEach(function (s) { append(steps, append(el('li'), str(nodes[s].label, 'node-label'))); });
        append(li, steps);
        if (p.when) append(li, append(el('p'), 'For patients with ', str(p.when), '.'));
        append(li, el('p', 'Chance along this path: ' + p.chance + '. Time: ' + p.time + '.'));
        append(ul, li);
      });
      append(section, ul);
      append(list, section);
    });
  }

  function showMessage(ignored) {
    var m = document.getElementById('fragment-message');
    m.textContent = '';
    m.hidden = ignored.length === 0;
    if (!ignored.length) return;
    var parts = ignored.map(function (x) {
      return x.value === undefined ? 'the unknown factor \u201c' + x.key + '\u201d' : 'the value \u201c' + x.value + '\u201d of ' + x.key;
    });
    append(m, 'Ignored in the address: ', str(joinWords(parts, 'and')), '. The page shows the rest.');
  }

  function show() {
    var read = readFragment();
    var profile = read.profile;
    factors.forEach(function (f, i) { controls[i].value = profile[i] === undefined ? '' : String(profile[i]); });
    var matching = data.paths.filter(function (p) { return meets(p.patients, profile); });
    showChart(matching, profile);
    showCount(matching, profile);
    showOutcomes(profile);
    showPaths(matching);
    showMessage(read.ignored);
    var link = document.getElementById('permalink');
    var fragment = fragmentOf(profile);
    link.setAttribute('href', '#' + fragment);
    link.textContent = fragment === '' ? 'this page, every patient' : '#' + decode(fragment);
    document.documentElement.setAttribute('data-ready', 'true');
  }

  function onChange() {
    var fragment = fragmentOf(profileFromControls());
    if (location.hash.replace(/^#/, '') === fragment) show();
    else location.hash = fragment;
  }
  controls.forEach(function (c) {
    c.addEventListener('change', onChange);
  });
  document.getElementById('reset').addEventListener('click', function () {
    if (location.hash.replace(/^#/, '') === '') show(); else location.hash = '';
  });
  document.getElementById('fit-chart').addEventListener('click', function () {
    var wrap = document.querySelector('#chart .svg-wrap');
    var fit = wrap.classList.toggle('fit');
    this.setAttribute('aria-pressed', fit ? 'true' : 'false');
  });
  window.addEventListener('hashchange', show);
  show();
})();
