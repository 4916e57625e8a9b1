// The package's `main` needs a DOM; its browser bundle parses cards in Node. Same API as the typed entry point.
declare module "adaptivecards/dist/adaptivecards.js" {
  export * from "adaptivecards";
}
