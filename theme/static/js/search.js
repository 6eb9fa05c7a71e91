// Site search with Pagefind. Everything runs in the browser: the index is
// a set of files on this site, and nothing is sent to any other host.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");

function say(text) {
  statusLine.textContent = text;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  heading.append(link);
  const excerpt = document.createElement("p");
  // Pagefind marks matches with <mark>; keep only that markup.
  const parts = String(data.excerpt || "").split(/(<mark>.*?<\/mark>)/);
  for (const part of parts) {
    const hit = part.match(/^<mark>(.*)<\/mark>$/);
    if (hit) {
      const mark = document.createElement("mark");
      mark.textContent = hit[1];
      excerpt.append(mark);
    } else if (part) {
      excerpt.append(document.createTextNode(part.replace(/<[^>]*>/g, "")));
    }
  }
  li.append(heading, excerpt);
  return li;
}

let pagefind = null;

async function load() {
  if (pagefind) return pagefind;
  const url = new URL(form.dataset.index, document.baseURI).href;
  pagefind = await import(url);
  // Result addresses are relative to the site's root, wherever it is served.
  await pagefind.options({ excerptLength: 24, baseUrl: new URL("../", url).pathname });
  return pagefind;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    say("");
    return;
  }
  say("Searching…");
  let engine;
  try {
    engine = await load();
  } catch (err) {
    say("Search is not available on this copy of the site (the search index is built when the site is published). Please use the archives, tags or categories instead.");
    return;
  }
  const found = await engine.search(query);
  const top = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  list.replaceChildren(...top.map(item));
  const n = found.results.length;
  say(n === 0 ? `No results for “${query}”.` : `${n} ${n === 1 ? "result" : "results"} for “${query}”${n > top.length ? `, showing the first ${top.length}` : ""}.`);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  history.replaceState(null, "", url);
  run(query);
});

const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
