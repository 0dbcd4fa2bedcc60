"""The course's self-check quiz: questions, hashed key and grader (``pytest quiz/``)."""
