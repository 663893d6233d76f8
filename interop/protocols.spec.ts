/**
 * The course's other clients against real brokers: devices publishing over AMQP 0-9-1 to RabbitMQ's
 * amq.topic, seen by the dashboard over web-MQTT on the mapped topic (and by the AMQP lesson), and a
 * device that is a real Eclipse Paho client (Python, Debian's python3-paho-mqtt) on mosquitto.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import amqp from 'amqplib';
import { expect, test } from '../e2e/fixtures';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: interop/brokers-setup.ts starts RabbitMQ`);
  return value;
};

/** Starts a process and resolves once it printed `ready`; rejects with its output if it exits first. */
function startProcess(command: string, args: string[], ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

test.describe('other protocols and clients', () => {
  test('AMQP: npm run simulate -- --amqp publishes to amq.topic, and the dashboard on web-MQTT sees home.kitchen.temp as home/kitchen/temp; a publish with a routing key of our own arrives on the mapped topic', async ({ app, page, prefix }) => {
    const amqpUrl = env('INTEROP_RABBITMQ_AMQP');
    await app.open();
    await app.connectTo(env('INTEROP_RABBITMQ_WS'), { version: '3.1.1' });
    await app.expectConnected();
    await app.subscribe(`${prefix}/#`, 1);
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);

    // one AMQP publish of our own: routing key <prefix>.kitchen.temp
    const connection = await amqp.connect(amqpUrl);
    try {
      const channel = await connection.createChannel();
      channel.publish('amq.topic', `${prefix}.kitchen.temp`, Buffer.from('21.5'), { contentType: 'text/plain' });
      await channel.close();
    } finally {
      await connection.close();
    }
    const row = app.messageRows(`${prefix}/kitchen/temp`);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('21.5');

    // the simulator's AMQP devices, as the README says to run them
    const simulator = await startProcess('npx', ['tsx', 'tools/simulator/cli.ts', '--amqp', amqpUrl, '--speed', '5'], /publishing over AMQP/);
    try {
      await app.showView('Lessons');
      await page.getByLabel('Lesson', { exact: true }).selectOption('amqp');
      await page.getByRole('button', { name: /^Run step 1:/ }).click();
      await expect(page.getByRole('log', { name: 'Step 1: what happened' })).toHaveText(
        /Received home\/(kitchen\/temp|kitchen\/humidity|garage\/door) = [\w.]+: published over AMQP 0-9-1 to amq\.topic with routing key home\.(kitchen\.temp|kitchen\.humidity|garage\.door)\./,
        { timeout: 15_000 },
      );
      await app.showView('Messages');
      await expect(app.messageRows('home/kitchen/temp').first()).toContainText(/\d+\.\d/);
    } finally {
      simulator.child.kill('SIGTERM');
    }
  });

  test('a real Eclipse Paho client (python3-paho-mqtt) on mosquitto: its card turns Online, its readings arrive, and when it is killed the broker\'s will takes it Offline', async ({ app, page, mosquitto, prefix }) => {
    const { port } = new URL(mosquitto.tcpUrl);
    await app.open();
    await app.connectTo(mosquitto.wsUrl);
    await app.expectConnected();
    await app.subscribe(`${prefix}/#`, 1);
    const device = await startProcess('/usr/bin/python3', ['tools/simulator/paho_device.py', '--port', port, '--prefix', prefix, '--id', 'paho-sensor', '--every', '0.5'], /online on/);
    try {
      await expect(app.messageRows(`${prefix}/paho-sensor/sensor/temperature`).first()).toContainText('"client": "paho"');
      await app.showView('Devices');
      const card = page.getByRole('list', { name: 'Device list' }).getByRole('listitem', { name: 'paho-sensor', exact: true });
      await expect(card).toContainText('Online');
      device.child.kill('SIGKILL');
      await expect(card).toContainText('Offline');
    } finally {
      device.child.kill('SIGKILL');
    }
  });
});
