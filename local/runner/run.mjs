// Executes one state machine definition with the aws-local-stepfunctions ASL engine.
// Every Lambda Task is carried out by the real Java handler: the payload is POSTed to the sandbox
// JVM's invoke endpoint, exactly the JSON Step Functions would send. Wait states are shortened
// (seconds become milliseconds by default) and the sandbox clock is advanced by the rest (through
// the host's clock coordinator, which several executions at once share), so timestamps, lags and
// deadlines keep their real meaning. Events are written to stdout as JSON
// lines; the last line is {"type":"Result",...}.
//
// With --serve the process stays up and runs one execution per line of standard input (a JSON
// object of the same options, without the dashes), one after another, each ending with its Result
// line; it ends when standard input closes. The sandbox JVM keeps such a process for its runs: the
// module's import and the definition's validation (about half a second of CPU each time) are paid
// once, and each definition text is validated once.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { StateMachine } from 'aws-local-stepfunctions';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

function checkArgs(args) {
  for (const required of ['definition', 'invoke', 'input', 'execution-name']) {
    if (args[required] === undefined) throw new Error(`--${required} is required`);
  }
  return args;
}

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
// Definition texts (after the ARN substitution) already validated by this process.
const validatedTexts = new Set();

async function runOne(args) {
  const invokeBase = args.invoke.replace(/\/$/, '');
  const waitScale = Number(args['wait-scale'] ?? '1000');
  const region = args.region ?? 'us-west-2';

  const text = readFileSync(args.definition, 'utf8').replace(
    /"\$\{([A-Za-z0-9]+)FunctionArn\}"/g,
    (_, name) => `"arn:aws:lambda:${region}:000000000000:function:${name}Function:live"`,
  );
  const definition = JSON.parse(text);
  if (args['start-at'] !== undefined && definition.States[args['start-at']] === undefined) {
    throw new Error(`--start-at: no state ${args['start-at']}`);
  }

  const taskHandlers = {};
  const waitOverrides = {};
  const retryOverrides = {};
  const waitSeconds = {};
  const waitSecondsPath = {};

  // A reference path like $.steps.quiesce.nextPollSeconds, the only kind SecondsPath uses here.
  function valueAt(path, input) {
    return path.replace(/^\$\.?/, '').split('.').filter((p) => p.length).reduce((node, key) => node?.[key], input);
  }
  let clockChain = Promise.resolve();

  // A Task's invocation names its state (x-sandbox-state), so a scenario's crashes die in that state.
  async function post(path, body, state) {
    const headers = { 'content-type': 'application/json' };
    if (state !== undefined) headers['x-sandbox-state'] = state;
    const response = await fetch(invokeBase + path, { method: 'POST', headers, body });
    return { status: response.status, functionError: response.headers.get('x-amz-function-error'), body: await response.text() };
  }

  // The execution sleeps until the sandbox clock has moved `millis` on: the host's clock coordinator
  // moves it only while every execution sharing the sandbox sleeps, to the earliest wake time among
  // them (one execution alone: at once, by the whole wait).
  const participant = encodeURIComponent(args.participant ?? args['execution-name']);
  function advanceClock(millis) {
    if (millis > 0) {
      clockChain = clockChain.then(() => post(`/clock/sleep?participant=${participant}&millis=${millis}`, ''));
    }
  }

  function functionNameOf(resource) {
    const match = /function:([A-Za-z0-9-_]+)/.exec(resource);
    if (!match) throw new Error(`Task resource ${resource} is not a Lambda function`);
    return match[1];
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // As in AWS: a function error surfaces with the exception class as Error and the JSON error
  // object as Cause.
  function functionError(payload) {
    const error = new Error(JSON.stringify(payload));
    error.name = payload.errorType;
    return error;
  }

  // A waitForTaskToken step: invoke its function with the Payload, then wait for SendTaskSuccess or
  // SendTaskFailure to reach the sandbox's Step Functions with the token. The step's timeout
  // (Payload.timeoutSeconds) is shortened like a Wait state and the clock moved on by the rest.
  async function waitForTaskToken(input, taskToken, state) {
    await fetch(`${invokeBase}/tasks/${encodeURIComponent(taskToken)}`); // the token exists from the start, as in AWS
    const fn = functionNameOf(input.FunctionName);
    const answer = await post(`/invoke/${fn}`, JSON.stringify(input.Payload), state);
    if (answer.functionError) throw functionError(JSON.parse(answer.body));
    const timeoutSeconds = Number(input.Payload?.timeoutSeconds ?? 3600);
    const deadline = Date.now() + Math.max(5, (timeoutSeconds * 1000) / waitScale);
    while (Date.now() < deadline) {
      const response = await fetch(`${invokeBase}/tasks/${encodeURIComponent(taskToken)}?waiting=1`);
      if (response.status === 200) {
        const decision = await response.json();
        if (decision.timedOut) break; // a scripted timeout: the clock moves past it at once
        if (decision.success) return decision.output ? JSON.parse(decision.output) : {};
        const error = new Error(decision.cause ?? '');
        error.name = decision.error ?? 'States.TaskFailed';
        throw error;
      }
      await sleep(5);
    }
    advanceClock(timeoutSeconds * 1000);
    await clockChain;
    const timeout = new Error(`no answer within ${timeoutSeconds} s`);
    timeout.name = 'States.Timeout';
    throw timeout;
  }

  const taskToken = `${args['execution-name']}:approval`;
  // Step Functions hands every waitForTaskToken task its own token (a redrive too); the engine has one
  // context token, so each task's Payload gets a token of its own in its place.
  let tasksStarted = 0;
  const runNonce = Date.parse(args['start-time'] ?? new Date().toISOString());
  function withToken(value, token) {
    if (value === taskToken) return token;
    if (Array.isArray(value)) return value.map((v) => withToken(v, token));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, token)]));
    }
    return value;
  }

  function register(states) {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && state.Resource.endsWith('.waitForTaskToken')) {
        // The engine evaluates TimeoutSecondsPath against the input after Parameters, where AWS
        // uses the state's input; the timeout is enforced (scaled) by waitForTaskToken() below.
        if (state.TimeoutSecondsPath !== undefined) {
          delete state.TimeoutSecondsPath;
          state.TimeoutSeconds = 86400;
        }
        taskHandlers[name] = async (input) => {
          await clockChain;
          const token = `${taskToken}-${++tasksStarted}-${runNonce}`;
          return waitForTaskToken(withToken(input, token), token, name);
        };
      } else if (state.Type === 'Task') {
        const fn = functionNameOf(state.Resource);
        taskHandlers[name] = async (input) => {
          await clockChain;
          const answer = await post(`/invoke/${fn}`, JSON.stringify(input), name);
          if (answer.status >= 500 && !answer.functionError) {
            // A function that crashed, ran out of memory or timed out reaches Step Functions as
            // Lambda.Unknown (Step Functions developer guide, "Handling transient Lambda service
            // exceptions" and the Lambda error names of the service integration).
            const error = new Error(`${fn} crashed (the sandbox answered HTTP ${answer.status})`);
            error.name = 'Lambda.Unknown';
            throw error;
          }
          const payload = answer.body.length ? JSON.parse(answer.body) : null;
          if (answer.functionError) throw functionError(payload);
          return payload;
        };
      } else if (state.Type === 'Wait' && typeof state.SecondsPath === 'string') {
        // The wait comes from the state (a poll's nextPollSeconds): shortened to 5 ms, and the
        // clock moved on by the rest when the state is entered (see the event loop below).
        waitOverrides[name] = 5;
        waitSecondsPath[name] = state.SecondsPath;
      } else if (state.Type === 'Wait' && typeof state.Seconds === 'number') {
        // At least 5 ms: the event consumer must see the Wait's StateEntered (and advance the
        // clock) before the next Task runs, and the engine delivers events on a later turn.
        const shortened = Math.max(5, Math.round((state.Seconds * 1000) / waitScale));
        waitOverrides[name] = shortened;
        waitSeconds[name] = state.Seconds * 1000 - shortened;
      } else if (state.Type === 'Parallel') {
        for (const branch of state.Branches) register(branch.States);
      } else if (state.Type === 'Map') {
        register((state.ItemProcessor ?? state.Iterator).States);
      }
      if (state.Type === 'Task' && Array.isArray(state.Retry)) {
        retryOverrides[name] = state.Retry.map((r) => Math.round(((r.IntervalSeconds ?? 1) * 1000) / waitScale));
      }
    }
  }
  register(definition.States);

  const input = JSON.parse(args.input);
  const startTime = args['start-time'] ?? new Date().toISOString();
  // Validated once per definition text in this process; the same text needs no second validation.
  const validated = new StateMachine(definition, {
    validationOptions: validatedTexts.has(text) ? { noValidate: true } : { checkArn: true, checkPaths: true },
  });
  validatedTexts.add(text);
  // A redrive resumes the execution at the state that failed, with that state's original input
  // (Step Functions RedriveExecution): the validated definition, started there for this run.
  const machine = args['start-at'] === undefined ? validated
    : new StateMachine({ ...definition, StartAt: args['start-at'] }, { validationOptions: { noValidate: true } });
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: taskHandlers,
      waitTimeOverrides: waitOverrides,
      retryIntervalOverrides: retryOverrides,
    },
    context: {
      Task: { Token: taskToken },
      Execution: {
        Id: `arn:aws:states:${region}:000000000000:execution:drill:${args['execution-name']}`,
        Name: args['execution-name'],
        Input: input,
        StartTime: startTime,
        // As Step Functions' Context object: RedriveCount is 0 until the execution is redriven;
        // RedriveTime exists only once it was (Step Functions developer guide, "Accessing execution
        // data from the Context object"), so a JSONPath to it fails a first run with States.Runtime.
        RedriveCount: Number(args['redrive-count'] ?? '0'),
        ...(args['redrive-time'] === undefined ? {} : { RedriveTime: args['redrive-time'] }),
      },
    },
  });

  const events = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered' && event.state?.type === 'Wait' && waitSeconds[event.state.name] !== undefined) {
        advanceClock(waitSeconds[event.state.name]);
      }
      if (event.type === 'StateEntered' && event.state?.type === 'Wait' && waitSecondsPath[event.state.name] !== undefined) {
        const seconds = Number(valueAt(waitSecondsPath[event.state.name], event.state.input));
        advanceClock(Math.max(0, seconds * 1000 - 5));
      }
      const out = { type: event.type, at: event.timestamp };
      if (event.state) {
        out.state = event.state.name;
        out.stateType = event.state.type;
        if (event.type === 'StateExited' && event.state.type === 'Task') out.output = event.state.output;
        if (event.type === 'StateEntered') out.input = event.state.input;
        // Step Functions caps a state's input and output at 262,144 bytes (UTF-8 JSON): report both.
        out.inputBytes = Buffer.byteLength(JSON.stringify(event.state.input ?? null));
        if (event.type === 'StateExited') out.outputBytes = Buffer.byteLength(JSON.stringify(event.state.output ?? null));
      }
      const error = event.Error ?? event.error;
      const cause = event.Cause ?? event.cause;
      if (error !== undefined) out.error = error;
      if (cause !== undefined) out.cause = typeof cause === 'string' ? cause : JSON.stringify(cause);
      if (event.retry) out.attempt = event.retry.attempt;
      emit(out);
    }
  })();

  // The Result comes after every clock advance asked for has been made (a one-run process made them
  // before it exited, and the JVM waited for that exit).
  try {
    const output = await execution.result;
    await events.catch(() => {});
    await clockChain.catch(() => {});
    emit({ type: 'Result', status: 'SUCCEEDED', output });
  } catch (error) {
    await events.catch(() => {});
    await clockChain.catch(() => {});
    const failure = error.cause && typeof error.cause === 'object' ? error.cause : error;
    emit({ type: 'Result', status: 'FAILED', error: failure.name ?? 'Error', cause: String(failure.message ?? '') });
  }
}

if (!process.argv.includes('--serve')) {
  await runOne(checkArgs(parseArgs(process.argv.slice(2))));
} else {
  // One execution per input line, in turn; a request that cannot start is answered with a FAILED
  // Result naming why, and the process goes on serving.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    try {
      await runOne(checkArgs(JSON.parse(line)));
    } catch (error) {
      emit({ type: 'Result', status: 'FAILED', error: 'Runner.BadRequest', cause: String(error?.message ?? error) });
    }
  }
}
