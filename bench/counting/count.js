// Reads a JSON array of strings on stdin; prints the reference weighted lengths
// (twitter-text's parseTweet with its default v3 configuration) as a JSON array.
const twitter = require("twitter-text");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map((t) => twitter.parseTweet(t).weightedLength)));
});
