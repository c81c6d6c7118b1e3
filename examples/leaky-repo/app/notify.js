// Posts deploy notices to Slack (FAKE token, for the tokenscope example).
const { WebClient } = require("@slack/web-api");

const slack = new WebClient("xoxb-933305909000-9778100434959-x9v0YgYcS9mDyQk2nH1MuUAJ");

module.exports = async function notify(text) {
  await slack.chat.postMessage({ channel: "#deploys", text });
};
