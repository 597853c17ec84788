// Package sdktest runs HubSpot's official Node.js SDK (@hubspot/api-client,
// the version testdata/package.json pins) against an in-process sandbox, with
// only the SDK's host pointed at it, and checks every answer against the
// SDK's own generated models. It holds tests only; testdata/walk.js and
// testdata/sweep.js are the Node scripts, and `npm ci --prefix
// oauth/sandbox/sdktest/testdata` installs what they need.
package sdktest
