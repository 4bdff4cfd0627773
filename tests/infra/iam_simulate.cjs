// Evaluates IAM requests with @cloud-copilot/iam-simulate (infra/package.json): identity policies, resource
// policies (bucket and key policies, KMS's own rules for them) and condition operators as AWS evaluates them.
// stdin: a JSON list of simulations (the library's Simulation shape); stdout: a JSON list of overall results
// ("Allowed", "ImplicitlyDenied", "ExplicitlyDenied"), or of the error that stopped a simulation.
const path = require('path');
const { createRequire } = require('module');
const { runSimulation } = createRequire(path.join(__dirname, '..', '..', 'infra', 'package.json'))(
  '@cloud-copilot/iam-simulate');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const results = [];
  for (const simulation of JSON.parse(input)) {
    const outcome = await runSimulation(simulation, {});
    results.push(outcome.resultType === 'error' ? `error: ${JSON.stringify(outcome.errors)}` : outcome.overallResult);
  }
  process.stdout.write(JSON.stringify(results));
});
