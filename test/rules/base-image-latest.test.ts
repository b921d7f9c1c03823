import rule, { messages as msg } from '../../src/rules/base-image-latest.js';
import { testDocExamples, testRule } from './harness.js';

const DIGEST = 'sha256:0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

testRule(rule, {
  valid: [
    'FROM alpine:3.20\n',
    { name: 'digest without a tag', code: `FROM ruby@${DIGEST}\n` },
    { name: 'latest pinned by a digest', code: `FROM ruby:latest@${DIGEST}\n` },
    { name: 'registry port with a tag', code: 'FROM registry.local:5000/team/app:1.2\n' },
    { name: 'registry port with a digest', code: `FROM registry.local:5000/team/app@${DIGEST}\n` },
    { name: 'tag merely containing latest', code: 'FROM example/app:latest-lts\n' },
    'FROM scratch\n',
    { name: 'untagged stage names', code: 'FROM golang:1.22 AS build\nFROM build AS test\nfrom test\n' },
    { name: 'tag from an ARG default', code: 'ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERSION}\n' },
    { name: 'image from an ARG default', code: 'ARG BASE=python:3.12-slim\nFROM $BASE\n' },
    { name: 'tag from an ARG without default', code: 'ARG NODE_TAG\nFROM node${NODE_TAG}\n' },
    { name: 'tag after a literal colon from an ARG without default', code: 'ARG VERSION\nFROM golang:${VERSION}-alpine\n' },
    { name: 'whole image from an ARG without default', code: 'ARG IMAGE\nFROM ${IMAGE}\n' },
    { name: 'undeclared variable', code: 'FROM ${VALUE}\n' },
    { name: 'builder-set variable as the tag', code: 'FROM --platform=$BUILDPLATFORM tonistiigi/xx:$TARGETARCH\n' },
    { name: 'ONBUILD triggers do not change FROM', code: 'FROM alpine:3.20\nONBUILD RUN echo\n' },
  ],
  invalid: [
    {
      code: 'FROM debian\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 12, message: msg.noTag("'debian'", 'debian') }],
    },
    {
      code: 'FROM debian:latest AS builder\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 19, message: msg.latest("'debian:latest'", 'debian') }],
    },
    { name: 'lowercase instruction', code: 'from ubuntu as base\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 12 }] },
    {
      name: 'registry port is not a tag',
      code: 'FROM host:5000/app\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 19, message: /'host:5000\/app' has no tag.*'host:5000\/app:<version>'/ }],
    },
    { name: 'localhost registry', code: 'FROM localhost/app:latest\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 26 }] },
    { name: 'platform flag', code: 'FROM --platform=linux/arm64 node AS web\n', errors: [{ line: 1, column: 29, endLine: 1, endColumn: 33 }] },
    {
      name: 'image from an ARG default',
      code: 'ARG BASE=debian\nFROM $BASE\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 11, message: /'\$BASE' \(resolves to 'debian' by default through ARG BASE\) has no tag/ }],
    },
    { name: 'latest from an ARG default', code: 'ARG TAG=latest\nFROM alpine:${TAG}\n', errors: [{ line: 2, column: 6, endLine: 2, endColumn: 19 }] },
    { name: 'default-value modifier', code: 'FROM ${BASE_IMAGE:-alpine}\n', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 27 }] },
    {
      name: 'registry prefix from an ARG without default does not hide a missing tag',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}nginx\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 22 }],
    },
    {
      name: 'only external images, stage references are exempt',
      code: 'FROM golang:1.22 AS build\nFROM node AS assets\nFROM build\nFROM alpine:latest\n',
      errors: [
        { line: 2, column: 6, endLine: 2, endColumn: 10 },
        { line: 4, column: 6, endLine: 4, endColumn: 19 },
      ],
    },
    {
      name: 'continuation with a comment line',
      code: 'FROM \\\n  # base image\n  centos \\\n  AS base\n',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 9 }],
    },
    {
      name: 'ONBUILD file still checks its FROM',
      code: 'FROM golang:1.22 AS build\nONBUILD RUN foo\nFROM node as unit-test\nONBUILD RUN bar\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 10 }],
    },
  ],
});

testDocExamples(rule);
